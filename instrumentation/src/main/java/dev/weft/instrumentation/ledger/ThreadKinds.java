package dev.weft.instrumentation.ledger;

/**
 * What kind of thread the current one is, for the I/O ledger: ignored (the agent's own, the JDK's JFR
 * threads), platform, virtual, or a platform thread declared non-blocking.
 *
 * <p><b>Cost.</b> A virtual thread is recognised by its class (one comparison; never its name). A
 * platform thread's answer is cached in a fixed array of immutable entries indexed by thread id and
 * checked against the thread's id and the identity of its current name, so a renamed thread is
 * classified again and two threads sharing a slot just take turns. A hit allocates nothing and takes no
 * lock; a miss (a thread's first I/O, a rename, a collision) allocates one small entry. Entries hold no
 * reference to the thread, so a dead thread is never kept alive.
 */
final class ThreadKinds {

    static final int IGNORED = 0;
    static final int PLATFORM = 1;
    static final int VIRTUAL = 2;
    static final int NON_BLOCKING = 3;

    private static final int SLOTS = 1024;
    private static final Class<?> VIRTUAL_THREAD = find("java.lang.VirtualThread");
    private static final Class<?> BOUND_VIRTUAL_THREAD = find("java.lang.ThreadBuilders$BoundVirtualThread");

    private static final class Entry {
        final long id;
        final String name;
        final int kind;

        Entry(long id, String name, int kind) {
            this.id = id;
            this.name = name;
            this.kind = kind;
        }
    }

    // Racy by design: entries are immutable (final fields, safely published); a lost write costs a miss.
    private final Entry[] slots = new Entry[SLOTS];
    private final ThreadNamePatterns nonBlocking;

    ThreadKinds(ThreadNamePatterns nonBlocking) {
        this.nonBlocking = nonBlocking;
    }

    @SuppressWarnings("deprecation") // Thread.threadId() is 19+; getId() is the same value
    int of(Thread t) {
        Class<?> c = t.getClass();
        if (c == VIRTUAL_THREAD || c == BOUND_VIRTUAL_THREAD) {
            return VIRTUAL;
        }
        long id = t.getId();
        String name = t.getName();
        int slot = (int) (id ^ (id >>> 32)) & (SLOTS - 1);
        Entry e = slots[slot];
        if (e != null && e.id == id && e.name == name) {
            return e.kind;
        }
        int kind = classify(name);
        slots[slot] = new Entry(id, name, kind);
        return kind;
    }

    int classify(String name) {
        if (name == null) {
            return PLATFORM;
        }
        if (name.startsWith("weft-") || name.startsWith("JFR ")) {
            return IGNORED;
        }
        return nonBlocking.matches(name) ? NON_BLOCKING : PLATFORM;
    }

    /** Runs {@link #of} once (see {@link IoLedger#warmUp()}). */
    void warmUp(Thread t) {
        of(t);
        classify("warm-up-1");
    }

    /** The class, without initialising it (VirtualThread's initialiser creates the scheduler), or null. */
    private static Class<?> find(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (Throwable e) { // JDK 17: no virtual threads
            return null;
        }
    }
}
