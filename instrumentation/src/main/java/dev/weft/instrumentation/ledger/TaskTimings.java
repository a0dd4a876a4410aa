package dev.weft.instrumentation.ledger;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The queue-wait and run-time distributions of one executor series, counted straight into the
 * exported Prometheus buckets by the pool's own worker threads.
 *
 * <p>Progress guarantees and assumptions:
 * <ol>
 *   <li>Each worker records into a {@link Cell} of its own (claimed on its first task, reused after
 *       its worker is collected), so a cell has a single writer: {@link #record} is a bucket search
 *       over {@value #FINITE} bounds, three reads and at most three ordered writes ({@code lazySet}:
 *       a plain store on x86), no atomic read-modify-write, no lock, no allocation. A thread that has
 *       no cell (a worker that began before the hooks, tests) records into one shared cell with
 *       atomic adds instead ({@link #recordShared}): lock-free, allocation-free.</li>
 *   <li>Bucket counts, count and sum are exact (the sum in nanoseconds); count is the sum of the
 *       buckets, so {@code _count} always equals the {@code +Inf} bucket.</li>
 *   <li>The maximum: writers keep it in one of two slots per cell, chosen by a volatile epoch; the
 *       reader flips the epoch, then reads and clears the other slot. A writer that read the epoch just
 *       before the flip lands its value in the cleared slot, where the reader finds it one read later:
 *       late, never lost. {@code _max} is the largest value of the last one to two windows of
 *       {@link #MAX_WINDOW_NANOS}, as Micrometer's decaying max.</li>
 *   <li>Readers ({@link #snapshot}) are serialised by the ledger; they sum the cells' counters, each
 *       of which only grows, so a read may miss the task being recorded at that instant, never
 *       count one twice.</li>
 * </ol>
 * Memory: {@value #CELL_LONGS} longs per live worker plus padding, about 0.5 KB.
 */
final class TaskTimings {

    /** {@code _max} is the largest value of the last one to two such windows. */
    static final long MAX_WINDOW_NANOS = 60_000_000_000L;

    /** Upper bounds in seconds, 100 µs .. 10 s, then +Inf. */
    static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY};
    static final int FINITE = BOUNDS.length - 1;
    private static final long[] BOUND_NANOS = new long[FINITE];

    static {
        for (int i = 0; i < FINITE; i++) {
            BOUND_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
        }
    }

    /** Offsets in a cell: one distribution is buckets, sum, two max slots. */
    private static final int DIST = BOUNDS.length + 3;
    /** Where each distribution starts in a cell (after the leading padding). */
    static final int WAIT = 8;
    static final int RUN = WAIT + DIST;
    static final int CELL_LONGS = 2 * DIST;
    /** 8 longs of padding each side: two workers' cells never share a cache line. */
    private static final int CELL_SIZE = 8 + CELL_LONGS + 8;

    /** One writer's counters. */
    static final class Cell {
        final AtomicLongArray a = new AtomicLongArray(CELL_SIZE);
        /** The worker that writes it; once collected, the cell may be claimed by another. */
        volatile WeakReference<Object> owner;

        Cell(Object owner) {
            this.owner = new WeakReference<>(owner);
        }
    }

    private volatile Cell[] cells = new Cell[0];
    private final Cell shared = new Cell(null);
    private volatile int epoch;
    private final WindowMax waitMax = new WindowMax();
    private final WindowMax runMax = new WindowMax();

    /** A cell for {@code owner}'s thread to write: a free one (its owner collected) or a new one. */
    synchronized Cell claim(Object owner) {
        Cell[] cs = cells;
        for (Cell c : cs) {
            if (c.owner.get() == null) {
                c.owner = new WeakReference<>(owner);
                return c;
            }
        }
        Cell c = new Cell(owner);
        Cell[] grown = Arrays.copyOf(cs, cs.length + 1);
        grown[cs.length] = c;
        cells = grown;
        return c;
    }

    /**
     * Records {@code nanos} into {@code cell}'s distribution at {@code base} ({@link #WAIT} or
     * {@link #RUN}). Only the cell's owner thread may call it.
     */
    void record(Cell cell, int base, long nanos) {
        long v = nanos < 0 ? 0 : nanos;
        AtomicLongArray a = cell.a;
        int b = base + bucket(v);
        a.lazySet(b, a.get(b) + 1);
        int sum = base + BOUNDS.length;
        a.lazySet(sum, a.get(sum) + v);
        int max = sum + 1 + (epoch & 1);
        if (v > a.get(max)) {
            a.lazySet(max, v);
        }
    }

    /** As {@link #record}, from any thread, into the shared cell. */
    void recordShared(int base, long nanos) {
        long v = nanos < 0 ? 0 : nanos;
        AtomicLongArray a = shared.a;
        a.getAndIncrement(base + bucket(v));
        int sum = base + BOUNDS.length;
        a.getAndAdd(sum, v);
        int max = sum + 1 + (epoch & 1);
        long m;
        while (v > (m = a.get(max)) && !a.compareAndSet(max, m, v)) {
            Thread.onSpinWait();
        }
    }

    static int bucket(long nanos) {
        int b = 0;
        while (b < FINITE && nanos > BOUND_NANOS[b]) {
            b++;
        }
        return b;
    }

    /** Queue wait and run time since start: {@code [wait, run]}. Serialised by the caller. */
    Timing[] snapshot() {
        int e = epoch;
        epoch = e + 1; // writers move to the other max slot; this one is read and cleared below
        int slot = e & 1;
        return new Timing[] {fold(WAIT, slot, waitMax), fold(RUN, slot, runMax)};
    }

    private Timing fold(int base, int slot, WindowMax windowMax) {
        long[] buckets = new long[BOUNDS.length];
        long sum = 0;
        long max = 0;
        Cell[] cs = cells;
        for (int k = -1; k < cs.length; k++) {
            AtomicLongArray a = k < 0 ? shared.a : cs[k].a;
            for (int i = 0; i < BOUNDS.length; i++) {
                buckets[i] += a.get(base + i);
            }
            sum += a.get(base + BOUNDS.length);
            int m = base + BOUNDS.length + 1 + slot;
            max = Math.max(max, a.getAndSet(m, 0));
        }
        long count = 0;
        for (long n : buckets) {
            count += n;
        }
        return new Timing(BOUNDS, buckets, count, sum / 1e9, windowMax.update(max) / 1e9);
    }

    /** Cells claimed so far (for tests). */
    int cells() {
        return cells.length;
    }

    /** The largest value of the current and of the previous window of {@link #MAX_WINDOW_NANOS}. */
    private static final class WindowMax {
        long windowMax;
        long previousWindowMax;
        long windowStart = System.nanoTime();

        long update(long intervalMax) {
            long now = System.nanoTime();
            if (now - windowStart >= MAX_WINDOW_NANOS) {
                previousWindowMax = now - windowStart >= 2 * MAX_WINDOW_NANOS ? 0 : windowMax;
                windowMax = 0;
                windowStart = now;
            }
            windowMax = Math.max(windowMax, intervalMax);
            return Math.max(windowMax, previousWindowMax);
        }
    }
}
