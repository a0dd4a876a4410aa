package dev.weft.instrumentation.ledger;

/**
 * The blocking call each platform thread is in right now, if any: its kind, its start and what it waits
 * on — for the stuck detector, which otherwise only sees that a thread sits in a socket read.
 *
 * <p>Progress guarantees and assumptions:
 * <ol>
 *   <li>{@link #begin} and {@link #end} are a few plain array stores: wait-free, no allocation, no lock.
 *       A slot's id, start and kind sit side by side in one {@code long[]} (and its target in an
 *       {@code Object[]}), so a call touches two arrays, not one per field.</li>
 *   <li>The slot also keeps the calling thread's kind ({@link ThreadKinds}), so that the end of the call
 *       need not classify the thread again: {@link #end} hands it back.</li>
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

    // Per slot: [thread id, start, call kind | thread kind << 32, unused (a power-of-two stride)].
    private static final int STRIDE = 4;
    private final long[] slots = new long[SLOTS * STRIDE];
    private final Object[] targets = new Object[SLOTS];

    private static int slot(long id) {
        return (int) (id ^ (id >>> 32)) & (SLOTS - 1);
    }

    /**
     * {@code threadId} starts a call of {@code kind} (an index into {@link IoLedger#KINDS}); it is of
     * {@code threadKind} ({@link ThreadKinds}).
     */
    void begin(long threadId, int kind, int threadKind, long start, Object target) {
        int s = slot(threadId);
        int i = s * STRIDE;
        slots[i] = 0;
        targets[s] = target;
        slots[i + 2] = (kind & 0xFFFF_FFFFL) | ((long) threadKind << 32);
        slots[i + 1] = start;
        slots[i] = threadId;
    }

    /**
     * {@code threadId}'s call ended: its thread kind as given to {@link #begin}, or {@code -1} when the slot
     * is not its own (no call begun, or another thread's call took the slot over).
     */
    int end(long threadId) {
        int s = slot(threadId);
        int i = s * STRIDE;
        if (slots[i] != threadId) {
            return -1;
        }
        int threadKind = (int) (slots[i + 2] >>> 32);
        slots[i] = 0;
        targets[s] = null;
        return threadKind;
    }

    /** The call {@code threadId} is in, or {@code null}. */
    public Call get(long threadId) {
        int s = slot(threadId);
        int i = s * STRIDE;
        if (slots[i] != threadId || threadId == 0) {
            return null;
        }
        Object target = targets[s];
        int kind = (int) slots[i + 2];
        long start = slots[i + 1];
        if (slots[i] != threadId || kind < 0 || kind >= IoLedger.KINDS.size()) {
            return null;
        }
        return new Call(IoLedger.KINDS.get(kind), start, target);
    }
}
