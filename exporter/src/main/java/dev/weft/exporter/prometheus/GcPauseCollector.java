package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.MetricNames.JVM_GC_PAUSE_SECONDS;
import static dev.weft.exporter.prometheus.MetricNames.JVM_GC_PAUSE_SECONDS_MAX;
import static dev.weft.exporter.prometheus.MetricNames.LABEL_ACTION;
import static dev.weft.exporter.prometheus.MetricNames.LABEL_CAUSE;
import static dev.weft.exporter.prometheus.MetricNames.LABEL_GC;

import dev.weft.instrumentation.ledger.DurationRecorder;
import dev.weft.instrumentation.ledger.GcPauseLedger;
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
import java.util.Map;

/**
 * {@code jvm_gc_pause_seconds{gc,action,cause}} (histogram) and {@code jvm_gc_pause_seconds_max}
 * (gauge): stop-the-world pause time per collection, from JFR; see {@link GcPauseLedger}. A label
 * set appears after its first collection.
 */
final class GcPauseCollector extends GuardedCollector {

    static final String HELP = "Stop-the-world GC pause time per collection (concurrent GC work excluded).";
    static final String HELP_MAX = "Longest stop-the-world pause time of one collection since the agent started.";

    private static final MetricMetadata METADATA = new MetricMetadata(JVM_GC_PAUSE_SECONDS, HELP, Unit.SECONDS);
    private static final MetricMetadata METADATA_MAX = new MetricMetadata(JVM_GC_PAUSE_SECONDS_MAX, HELP_MAX);

    private final GcPauseLedger ledger;

    GcPauseCollector(GcPauseLedger ledger, Runnable onError) {
        super(onError, List.of(
                MetricFamilyDescriptor.of(MetricType.HISTOGRAM, METADATA, List.of(LABEL_GC, LABEL_ACTION, LABEL_CAUSE)),
                MetricFamilyDescriptor.of(MetricType.GAUGE, METADATA_MAX, List.of(LABEL_GC, LABEL_ACTION, LABEL_CAUSE))));
        this.ledger = ledger;
    }

    @Override
    void collectInto(List<MetricSnapshot> out) {
        List<HistogramSnapshot.HistogramDataPointSnapshot> hist = new ArrayList<>();
        List<GaugeSnapshot.GaugeDataPointSnapshot> max = new ArrayList<>();
        for (Map.Entry<GcPauseLedger.Key, DurationRecorder> e : ledger.series()) {
            GcPauseLedger.Key k = e.getKey();
            DurationHistograms.Points p = DurationHistograms.points(e.getValue(),
                    Labels.of(LABEL_GC, k.gc(), LABEL_ACTION, k.action(), LABEL_CAUSE, k.cause()));
            hist.add(p.histogram());
            max.add(p.max());
        }
        out.add(new HistogramSnapshot(METADATA, hist));
        out.add(new GaugeSnapshot(METADATA_MAX, max));
    }
}
