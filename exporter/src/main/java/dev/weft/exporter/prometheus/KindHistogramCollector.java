package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.MetricNames.LABEL_KIND;

import dev.weft.instrumentation.ledger.DurationRecorder;
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
import java.util.function.IntFunction;

/**
 * A histogram family in seconds with one series per {@code kind} (always every kind) and its
 * {@code _max} gauge family, over one {@link DurationRecorder} per kind; totals since start.
 */
abstract class KindHistogramCollector extends GuardedCollector {

    private final MetricMetadata metadata;
    private final MetricMetadata metadataMax;
    private final List<String> kinds;
    private final IntFunction<DurationRecorder> recorders;

    KindHistogramCollector(String name, String help, String helpMax, List<String> kinds,
            IntFunction<DurationRecorder> recorders, Runnable onError) {
        this(new MetricMetadata(name, help, Unit.SECONDS), new MetricMetadata(name + "_max", helpMax), kinds,
                recorders, onError);
    }

    private KindHistogramCollector(MetricMetadata metadata, MetricMetadata metadataMax, List<String> kinds,
            IntFunction<DurationRecorder> recorders, Runnable onError) {
        super(onError, List.of(
                MetricFamilyDescriptor.of(MetricType.HISTOGRAM, metadata, List.of(LABEL_KIND)),
                MetricFamilyDescriptor.of(MetricType.GAUGE, metadataMax, List.of(LABEL_KIND))));
        this.metadata = metadata;
        this.metadataMax = metadataMax;
        this.kinds = List.copyOf(kinds);
        this.recorders = recorders;
    }

    @Override
    final void collectInto(List<MetricSnapshot> out) {
        List<HistogramSnapshot.HistogramDataPointSnapshot> hist = new ArrayList<>();
        List<GaugeSnapshot.GaugeDataPointSnapshot> max = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            DurationHistograms.Points p = DurationHistograms.points(recorders.apply(i), Labels.of(LABEL_KIND, kinds.get(i)));
            hist.add(p.histogram());
            max.add(p.max());
        }
        out.add(new HistogramSnapshot(metadata, hist));
        out.add(new GaugeSnapshot(metadataMax, max));
    }
}
