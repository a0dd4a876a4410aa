package dev.weft.instrumentation.ledger;

/**
 * The blocking call each platform thread is in right now, if any: its kind, its start and what it waits
 * on — for the stuck detector, which otherwise only sees that a thread sits in a socket read.
 *
 * <p>Progress guarantees and assumptions:
 * <ol>
 *   <li>{@link #begin} and {@link #end} are a few plain array stores: wait-free, no allocation, no lock.</li>
 *   <li>Slots are indexed by thread id modulo {@value #SLOTS}. Two threads in a call at once whose ids
 *       share a slot take turns: the later one's call is kept, and the earlier one's end leaves it alone
 *       (it clears the slot only while it still holds its own id). The stuck detector then finds no entry
 *       for the earlier thread and falls back to what its stack says.</li>
 *   <li>Racy by design: the monitor thread reads without synchronisation. A reader re-checks the slot's id
 *       after reading the other fields, so a slot that changed under it reads as empty; a stale read is at
 *       worst a call that ended a moment ago, which the detector checks against the thread's state.</li>
 *   <li>The slot holds a strong reference to the socket only while the call runs.</li>
 * </ol>
 */
public final class InFlightIo {

    static final int SLOTS = 4096;

    /**
     * A call in progress.
     *
     * @param kind       the {@code kind} label value
     * @param startNanos {@code System.nanoTime()} at its start
     * @param target     the socket implementation or channel, or {@code null} (files)
     */
    public record Call(String kind, long startNanos, Object target) {
    }

    private final long[] ids = new long[SLOTS];
    private final long[] starts = new long[SLOTS];
    private final int[] kinds = new int[SLOTS];
    private final Object[] targets = new Object[SLOTS];

    private static int slot(long id) {
        return (int) (id ^ (id >>> 32)) & (SLOTS - 1);
    }

    void begin(long threadId, int kind, long start, Object target) {
        int s = slot(threadId);
        ids[s] = 0;
        targets[s] = target;
        kinds[s] = kind;
        starts[s] = start;
        ids[s] = threadId;
    }

    void end(long threadId) {
        int s = slot(threadId);
        if (ids[s] == threadId) {
            ids[s] = 0;
            targets[s] = null;
        }
    }

    /** The call {@code threadId} is in, or {@code null}. */
    public Call get(long threadId) {
        int s = slot(threadId);
        if (ids[s] != threadId || threadId == 0) {
            return null;
        }
        Object target = targets[s];
        int kind = kinds[s];
        long start = starts[s];
        if (ids[s] != threadId || kind < 0 || kind >= IoLedger.KINDS.size()) {
            return null;
        }
        return new Call(IoLedger.KINDS.get(kind), start, target);
    }
}
