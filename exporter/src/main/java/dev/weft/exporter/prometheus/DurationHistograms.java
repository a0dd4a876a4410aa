package dev.weft.exporter.prometheus;

import dev.weft.instrumentation.ledger.DurationRecorder;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * Turns a {@link DurationRecorder} into Prometheus points: a classic histogram with Weft's fixed
 * buckets (DESIGN.md: 100 µs to 10 s) and a {@code _max} gauge point.
 */
final class DurationHistograms {

    /** Bucket upper bounds in seconds, without {@code +Inf}. */
    static final double[] BOUNDS = {0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};

    private static final double[] BOUNDS_WITH_INF = new double[BOUNDS.length + 1];

    static {
        System.arraycopy(BOUNDS, 0, BOUNDS_WITH_INF, 0, BOUNDS.length);
        BOUNDS_WITH_INF[BOUNDS.length] = Double.POSITIVE_INFINITY;
    }

    private DurationHistograms() {
    }

    /** The histogram point and max gauge point of one snapshot. */
    record Points(HistogramSnapshot.HistogramDataPointSnapshot histogram, GaugeSnapshot.GaugeDataPointSnapshot max) {
    }

    static Points points(DurationRecorder recorder, Labels labels) {
        DurationRecorder.Snapshot s = recorder.snapshot(BOUNDS);
        long[] counts = new long[BOUNDS_WITH_INF.length];
        long previous = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            long c = Math.min(s.cumulative()[i], s.count());
            counts[i] = Math.max(0, c - previous);
            previous = Math.max(previous, c);
        }
        counts[BOUNDS.length] = s.count() - previous;
        HistogramSnapshot.HistogramDataPointSnapshot h = new HistogramSnapshot.HistogramDataPointSnapshot(
                ClassicHistogramBuckets.of(BOUNDS_WITH_INF, counts), s.sumNanos() / 1e9, labels, Exemplars.EMPTY, 0L);
        GaugeSnapshot.GaugeDataPointSnapshot max =
                new GaugeSnapshot.GaugeDataPointSnapshot(s.maxNanos() / 1e9, labels, null);
        return new Points(h, max);
    }
}
