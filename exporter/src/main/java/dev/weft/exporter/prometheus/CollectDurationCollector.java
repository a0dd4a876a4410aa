package dev.weft.exporter.prometheus;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code weft_collect_duration_seconds{collector}}: seconds each of Weft's collectors took in its
 * most recent collection (see {@link CollectTimes}). A gauge, like {@code scrape_duration_seconds}:
 * the sum over collectors is what the agent spent producing the previous scrape. Collectors that run
 * after this one in a scrape show their previous collection's time.
 */
final class CollectDurationCollector extends GuardedCollector {

    static final String HELP = "Seconds each Weft collector took in its most recent collection";

    private static final MetricMetadata META = new MetricMetadata(MetricNames.WEFT_COLLECT_DURATION_SECONDS, HELP);

    CollectDurationCollector(Runnable onError) {
        super(onError, List.of(MetricFamilyDescriptor.of(MetricType.GAUGE, META,
                List.of(MetricNames.LABEL_COLLECTOR))));
    }

    @Override
    void collectInto(List<MetricSnapshot> out) {
        Map<String, Long> last = CollectTimes.snapshot();
        if (last.isEmpty()) {
            return;
        }
        List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>(last.size());
        last.forEach((k, nanos) -> points.add(new GaugeSnapshot.GaugeDataPointSnapshot(
                nanos / 1e9, Labels.of(MetricNames.LABEL_COLLECTOR, k), null)));
        out.add(new GaugeSnapshot(META, points));
    }
}
