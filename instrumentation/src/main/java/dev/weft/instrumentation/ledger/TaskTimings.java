package dev.weft.instrumentation.ledger;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.Recorder;

/**
 * The queue-wait and run-time distributions of one executor series, recorded by pool threads and
 * folded into cumulative Prometheus buckets at scrape time.
 *
 * <ol>
 *   <li>Recording ({@link #recordWait}, {@link #recordRun}) is HdrHistogram's {@link Recorder}:
 *       wait-free for writers, allocation-free, fixed range 1 µs .. 1 h with 2 significant digits
 *       (values are clamped into the range). About 27 KB per histogram, four per series (two
 *       recorders, double-buffered); created on the series' first task.</li>
 *   <li>Reading ({@link #snapshotWait}, {@link #snapshotRun}) swaps the recorder's buffers and adds
 *       the interval into cumulative bucket counts, a count and a sum (from each recorded value's
 *       median-equivalent, within 1 %), and reports the largest value recorded in the last one to two
 *       minutes (so that several scrapers, or a scrape right after another, all see it). Readers
 *       are serialised by the ledger.</li>
 * </ol>
 */
final class TaskTimings {

    static final long LOWEST_NANOS = 1_000;
    static final long HIGHEST_NANOS = 3_600_000_000_000L;
    static final int DIGITS = 2;
    /** {@code _max} is the largest value of the last one to two such windows (as Micrometer's decaying max). */
    static final long MAX_WINDOW_NANOS = 60_000_000_000L;

    /** Upper bounds in seconds, 100 µs .. 10 s, then +Inf. */
    static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY};

    private final Recorder wait = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    private final Recorder run = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    private final Cumulative waitTotals = new Cumulative();
    private final Cumulative runTotals = new Cumulative();

    void recordWait(long nanos) {
        wait.recordValue(clamp(nanos));
    }

    void recordRun(long nanos) {
        run.recordValue(clamp(nanos));
    }

    static long clamp(long nanos) {
        return nanos < LOWEST_NANOS ? LOWEST_NANOS : nanos > HIGHEST_NANOS ? HIGHEST_NANOS : nanos;
    }

    /** Folds what was recorded since the last read into the totals; {@code scratch} is reused. */
    Timing snapshotWait(Histogram scratch) {
        return waitTotals.fold(wait, scratch);
    }

    Timing snapshotRun(Histogram scratch) {
        return runTotals.fold(run, scratch);
    }

    /** A histogram for {@link Recorder#getIntervalHistogramInto}, of the same range. */
    static Histogram newScratch() {
        return new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    }

    /** Cumulative totals of one distribution. */
    private static final class Cumulative {
        final long[] buckets = new long[BOUNDS.length];
        long count;
        double sumSeconds;

        /** The largest value of the current and of the previous window of {@link #MAX_WINDOW_NANOS}. */
        double windowMax;
        double previousWindowMax;
        long windowStart = System.nanoTime();

        Timing fold(Recorder recorder, Histogram scratch) {
            recorder.getIntervalHistogramInto(scratch);
            double max = 0;
            if (scratch.getTotalCount() > 0) {
                for (HistogramIterationValue v : scratch.recordedValues()) {
                    double seconds = scratch.medianEquivalentValue(v.getValueIteratedTo()) / 1e9;
                    long n = v.getCountAtValueIteratedTo();
                    int b = 0;
                    while (seconds > BOUNDS[b]) {
                        b++;
                    }
                    buckets[b] += n;
                    count += n;
                    sumSeconds += seconds * n;
                }
                max = scratch.getMaxValue() / 1e9;
            }
            long now = System.nanoTime();
            if (now - windowStart >= MAX_WINDOW_NANOS) {
                previousWindowMax = now - windowStart >= 2 * MAX_WINDOW_NANOS ? 0 : windowMax;
                windowMax = 0;
                windowStart = now;
            }
            windowMax = Math.max(windowMax, max);
            return new Timing(BOUNDS, buckets.clone(), count, sumSeconds, Math.max(windowMax, previousWindowMax));
        }
    }
}
