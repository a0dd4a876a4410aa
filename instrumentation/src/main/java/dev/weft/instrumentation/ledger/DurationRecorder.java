package dev.weft.instrumentation.ledger;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A distribution of durations in nanoseconds: written wait-free by many threads, read (and
 * accumulated since start) at scrape time.
 *
 * <p>Progress guarantees and assumptions:
 * <ol>
 *   <li>{@link #record(long)} is wait-free and allocation-free after the first calls (HdrHistogram's
 *       {@link Recorder} with a fixed range, whose constructor sizes every array up front; the
 *       {@link LongAdder} of the exact sum and the {@link LongAccumulator} of the exact max allocate
 *       their cells once, on first contention).</li>
 *   <li>Values are clamped to {@code [0, HIGHEST_NANOS]} (one hour); the exact sum is not clamped.</li>
 *   <li>{@link #snapshot(double[])} is serialised on this object; it swaps the recorder's
 *       interval histogram ({@code getIntervalHistogram(previous)} recycles it) and adds it into a
 *       cumulative histogram, so every reader sees totals since start.</li>
 *   <li>Bucket counts come from the histogram and are exact up to its precision (two significant
 *       decimal digits: a value within ~1 % of a bucket bound may be counted in the neighbouring
 *       bucket); {@code count}, {@code sum} and {@code max} are exact.</li>
 * </ol>
 */
public final class DurationRecorder {

    /** Smallest distinguished value: 1 µs (shorter waits are counted, at that resolution). */
    static final long LOWEST_NANOS = 1_000L;
    /** Largest tracked value: one hour; longer ones are recorded as one hour. */
    public static final long HIGHEST_NANOS = 3_600_000_000_000L;
    private static final int DIGITS = 2;

    private final Recorder recorder = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    // LongAdder: written by every contending thread at once, read at scrape time only.
    private final LongAdder sumNanos = new LongAdder();
    // Exact max (the histogram's max is rounded up to its precision); same contention argument.
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    private final Histogram total = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    private Histogram interval;

    /** Records one duration. Wait-free, allocation-free, never throws for any {@code long}. */
    public void record(long nanos) {
        long v = nanos < 0 ? 0 : nanos;
        sumNanos.add(v);
        maxNanos.accumulate(v);
        recorder.recordValue(v > HIGHEST_NANOS ? HIGHEST_NANOS : v);
    }

    /**
     * Totals since start.
     *
     * @param upperBoundsSeconds the finite bucket bounds in seconds, ascending
     */
    public synchronized Snapshot snapshot(double[] upperBoundsSeconds) {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        long count = total.getTotalCount();
        long[] cumulative = new long[upperBoundsSeconds.length];
        for (int i = 0; i < upperBoundsSeconds.length; i++) {
            long bound = (long) (upperBoundsSeconds[i] * 1e9);
            cumulative[i] = count == 0 ? 0 : total.getCountBetweenValues(0, bound);
        }
        return new Snapshot(count, sumNanos.sum(), count == 0 ? 0 : maxNanos.get(), cumulative);
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
