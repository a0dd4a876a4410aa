package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.MetricNames.JVM_GC_COLLECTION_SECONDS;
import static dev.weft.exporter.prometheus.MetricNames.LABEL_GC;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.lang.management.GarbageCollectorMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code jvm_gc_collection_seconds{gc}}: a summary with {@code _count} and {@code _sum} only, fed
 * by the cumulative {@code GarbageCollectorMXBean.getCollectionCount()} and
 * {@code getCollectionTime()} (milliseconds, exposed in seconds), exactly like client_java's
 * {@code JvmGarbageCollectorMetrics} (same name, HELP, unit and label).
 *
 * <p>This is time spent in each collector as the MXBean reports it, not pause time: for ZGC and
 * Shenandoah "Cycles" beans it includes concurrent work. A bean whose read throws is left out of
 * this scrape and the failure counted; a collection count of {@code -1} ("undefined" per the
 * MXBean contract) is left out without counting an error.
 */
final class JvmGcCollector extends GuardedCollector {

    static final String HELP = "Time spent in a given JVM garbage collector in seconds.";

    private static final MetricMetadata METADATA =
            new MetricMetadata(JVM_GC_COLLECTION_SECONDS, HELP, Unit.SECONDS);

    private final List<GarbageCollectorMXBean> collectors;

    /**
     * @param collectors the beans to read ({@code ManagementFactory.getGarbageCollectorMXBeans()}
     *                   in production); copied
     * @param onError    called once for every swallowed failure
     */
    JvmGcCollector(List<GarbageCollectorMXBean> collectors, Runnable onError) {
        super(onError, List.of(MetricFamilyDescriptor.of(MetricType.SUMMARY, METADATA, List.of(LABEL_GC))));
        this.collectors = List.copyOf(Objects.requireNonNull(collectors, "collectors"));
    }

    @Override
    void collectInto(List<MetricSnapshot> out) {
        List<SummarySnapshot.SummaryDataPointSnapshot> points = new ArrayList<>(collectors.size());
        for (GarbageCollectorMXBean gc : collectors) {
            try {
                String name = gc.getName();
                long count = gc.getCollectionCount();
                long millis = gc.getCollectionTime();
                if (name == null || count < 0 || millis < 0) {
                    continue; // "undefined for this collector"
                }
                points.add(new SummarySnapshot.SummaryDataPointSnapshot(
                        count, Unit.millisToSeconds(millis), Quantiles.EMPTY,
                        Labels.of(LABEL_GC, name), Exemplars.EMPTY, 0L));
            } catch (Throwable t) {
                failed();
            }
        }
        // With no samples, client_java's writers leave the family out entirely.
        out.add(new SummarySnapshot(METADATA, points));
    }
}
