package dev.weft.instrumentation.ledger;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * When each queued task was submitted, keyed by the task's identity, without allocating: a fixed
 * open-addressed table of {@value #CAPACITY} slots.
 *
 * <ol>
 *   <li>{@link #put} claims a free slot among the {@value #PROBES} after the task's hash with one CAS
 *       (free → reserved), writes the time, then publishes the task (an ordered store: a reader that
 *       sees the task sees its time). Lock-free; when all
 *       {@value #PROBES} slots are taken the time is not kept and {@link #dropped()} counts it.</li>
 *   <li>{@link #take} looks at the same {@value #PROBES} slots, and frees the one holding the task
 *       with one CAS, so that each submission is taken at most once. Lock-free.</li>
 *   <li>A task submitted twice while queued holds two slots; either may be taken first.</li>
 *   <li>The table holds a strong reference to a task only while it is queued — except for tasks
 *       that leave the queue without running ({@code remove}, {@code shutdownNow}, a thread factory
 *       that failed). {@link #sweep} frees slots older than its age limit; until then such a task
 *       stays reachable. Cost: {@value #CAPACITY} × (one reference + one long) ≈ 200 KB per JVM.</li>
 * </ol>
 */
final class SubmitTimes {

    static final int CAPACITY = 1 << 14;
    static final int PROBES = 16;
    private static final int MASK = CAPACITY - 1;
    private static final Object RESERVED = new Object();

    private final AtomicReferenceArray<Object> tasks = new AtomicReferenceArray<>(CAPACITY);
    private final AtomicLongArray times = new AtomicLongArray(CAPACITY);
    // LongAdder: incremented by submitters on many threads when the table is full.
    private final LongAdder dropped = new LongAdder();

    /** Remembers that {@code task} was submitted at {@code nanos} ({@link System#nanoTime()}). */
    void put(Object task, long nanos) {
        int i = WeakIdentityTable.hash(task) & MASK;
        for (int n = 0; n < PROBES; n++) {
            if (tasks.get(i) == null && tasks.compareAndSet(i, null, RESERVED)) {
                times.lazySet(i, nanos);
                // Release: whoever reads the task (a volatile read) sees the time. No full fence needed.
                tasks.lazySet(i, task);
                return;
            }
            i = (i + 1) & MASK;
        }
        dropped.increment();
    }

    /** @return the submission time of {@code task}, forgetting it, or {@code -1} if unknown */
    long take(Object task) {
        int i = WeakIdentityTable.hash(task) & MASK;
        for (int n = 0; n < PROBES; n++) {
            if (tasks.get(i) == task) {
                long t = times.get(i);
                if (tasks.compareAndSet(i, task, null)) {
                    return t;
                }
            }
            i = (i + 1) & MASK;
        }
        return -1;
    }

    /** Forgets submissions older than {@code maxAgeNanos}; @return how many */
    int sweep(long now, long maxAgeNanos) {
        int n = 0;
        for (int i = 0; i < CAPACITY; i++) {
            Object t = tasks.get(i);
            if (t != null && t != RESERVED && now - times.get(i) > maxAgeNanos && tasks.compareAndSet(i, t, null)) {
                n++;
            }
        }
        return n;
    }

    /** Submissions whose time was not kept because their slots were all taken. */
    long dropped() {
        return dropped.sum();
    }

    /** Slots in use (for tests; not atomic). */
    int used() {
        int n = 0;
        for (int i = 0; i < CAPACITY; i++) {
            if (tasks.get(i) != null) {
                n++;
            }
        }
        return n;
    }
}
