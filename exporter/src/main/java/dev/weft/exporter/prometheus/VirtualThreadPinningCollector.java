package dev.weft.exporter.prometheus;

import dev.weft.instrumentation.ledger.VirtualThreadPinning;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;

/**
 * {@code jvm_threads_virtual_pinned_seconds} (histogram, + {@code _max}) and
 * {@code jvm_threads_virtual_submit_failed_total}, from JFR. Exported on every JDK so dashboards
 * and alert rules see a series: before JDK 21 (no virtual threads) they stay at zero.
 */
final class VirtualThreadPinningCollector extends GuardedCollector {

    static final String PINNED = "jvm_threads_virtual_pinned_seconds";
    static final String SUBMIT_FAILED = "jvm_threads_virtual_submit_failed_total";
    static final MetricMetadata PINNED_META = new MetricMetadata(PINNED,
            "Time virtual threads spent blocked while pinned to their carrier (JFR jdk.VirtualThreadPinned of at"
                    + " least virtual.pinned.threshold; JDK 21+, zero before)", Unit.SECONDS);
    static final MetricMetadata PINNED_MAX = new MetricMetadata(PINNED + "_max",
            "Longest single pinning of a virtual thread since the agent started");
    static final MetricMetadata FAILED_META = new MetricMetadata(SUBMIT_FAILED,
            "Virtual threads the scheduler failed to start or continue (JFR jdk.VirtualThreadSubmitFailed; JDK 21+)");

    private final VirtualThreadPinning ledger;

    VirtualThreadPinningCollector(VirtualThreadPinning ledger, Runnable onError) {
        super(onError, List.of(
                MetricFamilyDescriptor.of(MetricType.HISTOGRAM, PINNED_META),
                MetricFamilyDescriptor.of(MetricType.GAUGE, PINNED_MAX),
                MetricFamilyDescriptor.of(MetricType.COUNTER, FAILED_META)));
        this.ledger = ledger;
    }

    @Override
    void collectInto(List<MetricSnapshot> out) {
        DurationHistograms.Points p = DurationHistograms.points(ledger.pinned(), Labels.EMPTY);
        out.add(new HistogramSnapshot(PINNED_META, List.of(p.histogram())));
        out.add(new GaugeSnapshot(PINNED_MAX, List.of(p.max())));
        out.add(new CounterSnapshot(FAILED_META, List.of(
                new CounterSnapshot.CounterDataPointSnapshot(ledger.submitFailed(), Labels.EMPTY, null, 0L))));
    }
}
