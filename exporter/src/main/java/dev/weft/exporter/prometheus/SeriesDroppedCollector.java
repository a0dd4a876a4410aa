package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.MetricNames.WEFT_SERIES_DROPPED_TOTAL;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code weft_series_dropped_total}: label values folded into {@code other} because a family
 * reached its series limit, summed over every source (each source counts each dropped subject
 * once). One collector for the whole registry; add a source per bounded family.
 */
public final class SeriesDroppedCollector extends GuardedCollector {

    static final String HELP =
            "Label values (thread groups, executors, GC causes) folded into \"other\" because their family reached its series limit";

    private static final MetricMetadata DROPPED = new MetricMetadata(WEFT_SERIES_DROPPED_TOTAL, HELP);

    private final List<LongSupplier> sources;

    SeriesDroppedCollector(List<LongSupplier> sources, Runnable onError) {
        super(onError, List.of(MetricFamilyDescriptor.of(MetricType.COUNTER, DROPPED)));
        this.sources = List.copyOf(sources);
    }

    /**
     * Registers the one {@code weft_series_dropped_total} family of a registry.
     *
     * @param registry Weft's private registry
     * @param sources  one counter per bounded family, each counting every folded subject once
     */
    public static void register(io.prometheus.metrics.model.registry.PrometheusRegistry registry,
                                List<LongSupplier> sources) {
        registry.register(new SeriesDroppedCollector(sources, dev.weft.bridge.WeftBridge::countError));
    }

    @Override
    void collectInto(List<MetricSnapshot> out) {
        long sum = 0;
        for (LongSupplier s : sources) {
            sum += s.getAsLong();
        }
        out.add(new CounterSnapshot(DROPPED, List.of(
                new CounterSnapshot.CounterDataPointSnapshot(sum, Labels.EMPTY, null, 0L))));
    }
}
