package dev.weft.instrumentation.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A distribution of durations in nanoseconds: written wait-free by many threads, read (totals since
 * start) at scrape time.
 *
 * <p>Progress guarantees and assumptions:
 * <ol>
 *   <li>{@link #record(long)} is wait-free and allocation-free after the first calls: one fixed array of
 *       bucket counts (sized up front, never resized), the {@link LongAdder} of the exact sum (it
 *       allocates its cells once, on first contention) and a field holding the exact max.</li>
 *   <li><b>Cost.</b> Two atomic read-modify-writes per value in the steady state: the sum's add and the
 *       bucket's increment (the max is a volatile read unless the value is a new maximum, then a CAS; not
 *       a {@code LongAccumulator}, whose call of its function is shared with every other accumulator in
 *       the JVM and so is not inlined). This is on every
 *       recording path (each blocking socket read, each contended acquisition, each task), which is why
 *       the buckets are a plain {@link AtomicLongArray} rather than HdrHistogram's {@code Recorder}
 *       (seven atomic operations per value: its phaser's and its concurrent histogram's critical
 *       sections, the bucket and the total count); nothing here needs interval histograms, every
 *       reader wants totals since start.</li>
 *   <li>The buckets are HdrHistogram's for a lowest discernible value of 1 µs and two significant
 *       decimal digits (the same index arithmetic, so the same bucket edges): 512 ns wide up to 131 µs,
 *       then 128 per doubling (under 0.8 % wide), 3 410 counters in all, about 27 KB
 *       (a {@code Recorder} holds about six arrays of that size). Values are clamped to
 *       {@code [0, HIGHEST_NANOS]} (one hour); the exact sum is not clamped.</li>
 *   <li>{@link #snapshot(double[])} reads each bucket once and derives the count and every cumulative
 *       bucket from what it read, so they agree even while writers record (a value being recorded
 *       meanwhile is in this snapshot or the next).</li>
 *   <li>Bucket counts are exact up to the buckets' precision (a value within ~1 % of a bound may be
 *       counted in the neighbouring bucket); {@code count}, {@code sum} and {@code max} are exact.</li>
 * </ol>
 */
public final class DurationRecorder {

    /** Smallest distinguished value: 1 µs (shorter waits are counted, at that resolution). */
    static final long LOWEST_NANOS = 1_000L;
    /** Largest tracked value: one hour; longer ones are recorded as one hour. */
    public static final long HIGHEST_NANOS = 3_600_000_000_000L;

    // HdrHistogram's layout: unit = the power of two at or below LOWEST_NANOS (2^9 = 512 ns); 2^8
    // sub-buckets per bucket (the first power of two >= 2 × 10^2, for two significant digits), of which
    // each bucket after the first uses its upper half.
    private static final int UNIT_MAGNITUDE = 63 - Long.numberOfLeadingZeros(LOWEST_NANOS);
    private static final int SUB_BUCKET_COUNT_MAGNITUDE = 8;
    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = SUB_BUCKET_COUNT_MAGNITUDE - 1;
    private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
    private static final long SUB_BUCKET_MASK = ((1L << SUB_BUCKET_COUNT_MAGNITUDE) - 1) << UNIT_MAGNITUDE;
    private static final int LEADING_ZERO_COUNT_BASE = 64 - UNIT_MAGNITUDE - SUB_BUCKET_COUNT_MAGNITUDE;
    /** Number of buckets: the index of {@link #HIGHEST_NANOS}, plus one. */
    static final int BUCKETS = index(HIGHEST_NANOS) + 1;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    // LongAdder: written by every contending thread at once, read at scrape time only.
    private final LongAdder sumNanos = new LongAdder();
    // Exact max (a bucket's edge is only within its precision): only grows, so almost every record
    // just reads it.
    private volatile long maxNanos;
    private static final VarHandle MAX;

    static {
        try {
            MAX = MethodHandles.lookup().findVarHandle(DurationRecorder.class, "maxNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The bucket of {@code value} ({@code 0 <= value <= HIGHEST_NANOS}): HdrHistogram's
     * {@code countsArrayIndex}.
     */
    static int index(long value) {
        int bucket = LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        int subBucket = (int) (value >>> (bucket + UNIT_MAGNITUDE));
        return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (subBucket - SUB_BUCKET_HALF_COUNT);
    }

    /** Records one duration. Wait-free, allocation-free, never throws for any {@code long}. */
    public void record(long nanos) {
        long v = nanos < 0 ? 0 : nanos;
        sumNanos.add(v);
        for (long m = maxNanos; v > m; m = maxNanos) {
            if (MAX.compareAndSet(this, m, v)) {
                break;
            }
        }
        counts.getAndIncrement(index(v > HIGHEST_NANOS ? HIGHEST_NANOS : v));
    }

    /**
     * Totals since start.
     *
     * @param upperBoundsSeconds the finite bucket bounds in seconds, ascending
     */
    public Snapshot snapshot(double[] upperBoundsSeconds) {
        int[] last = new int[upperBoundsSeconds.length];
        for (int i = 0; i < last.length; i++) {
            long bound = (long) (upperBoundsSeconds[i] * 1e9);
            last[i] = index(Math.max(0, Math.min(bound, HIGHEST_NANOS)));
        }
        long[] cumulative = new long[upperBoundsSeconds.length];
        long count = 0;
        int b = 0;
        for (int i = 0; i < BUCKETS; i++) {
            count += counts.get(i);
            while (b < last.length && last[b] <= i) {
                cumulative[b++] = count;
            }
        }
        return new Snapshot(count, sumNanos.sum(), count == 0 ? 0 : maxNanos, cumulative);
    }

    /**
     * Totals since start.
     *
     * @param count      observations
     * @param sumNanos   exact sum of the observations in nanoseconds
     * @param maxNanos   the largest observation (exact, not clamped), 0 when empty
     * @param cumulative for each requested bound, the observations {@code <=} it
     */
    public record Snapshot(long count, long sumNanos, long maxNanos, long[] cumulative) {
    }
}
