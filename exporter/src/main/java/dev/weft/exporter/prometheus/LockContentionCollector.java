package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.MetricNames.JVM_LOCK_CONTENTION_SECONDS;
import static dev.weft.exporter.prometheus.MetricNames.JVM_LOCK_CONTENTION_SECONDS_MAX;
import static dev.weft.exporter.prometheus.MetricNames.LABEL_KIND;

import dev.weft.instrumentation.ledger.LockLedger;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jvm_lock_contention_seconds{kind}} (histogram, totals since the agent started) and
 * {@code jvm_lock_contention_seconds_max{kind}} (gauge: the longest single wait since then), one
 * series per kind, always all five kinds.
 */
final class LockContentionCollector extends GuardedCollector {

    static final String HELP = "Time threads spent blocked acquiring a contended lock, by lock kind"
            + " (monitor: synchronized, from JFR above monitor.threshold).";
    static final String HELP_MAX = "Longest single contended lock acquisition since the agent started, by lock kind.";

    private static final MetricMetadata METADATA = new MetricMetadata(JVM_LOCK_CONTENTION_SECONDS, HELP, Unit.SECONDS);
    private static final MetricMetadata METADATA_MAX = new MetricMetadata(JVM_LOCK_CONTENTION_SECONDS_MAX, HELP_MAX);

    private final LockLedger ledger;

    LockContentionCollector(LockLedger ledger, Runnable onError) {
        super(onError, List.of(
                MetricFamilyDescriptor.of(MetricType.HISTOGRAM, METADATA, List.of(LABEL_KIND)),
                MetricFamilyDescriptor.of(MetricType.GAUGE, METADATA_MAX, List.of(LABEL_KIND))));
        this.ledger = ledger;
    }

    @Override
    void collectInto(List<MetricSnapshot> out) {
        List<HistogramSnapshot.HistogramDataPointSnapshot> hist = new ArrayList<>();
        List<GaugeSnapshot.GaugeDataPointSnapshot> max = new ArrayList<>();
        for (int i = 0; i < LockLedger.KINDS.size(); i++) {
            DurationHistograms.Points p = DurationHistograms.points(ledger.contention(i),
                    Labels.of(LABEL_KIND, LockLedger.KINDS.get(i)));
            hist.add(p.histogram());
            max.add(p.max());
        }
        out.add(new HistogramSnapshot(METADATA, hist));
        out.add(new GaugeSnapshot(METADATA_MAX, max));
    }
}
