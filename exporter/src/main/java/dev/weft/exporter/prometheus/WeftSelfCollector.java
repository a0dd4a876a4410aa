package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.MetricNames.LABEL_VERSION;
import static dev.weft.exporter.prometheus.MetricNames.WEFT_INFO;
import static dev.weft.exporter.prometheus.MetricNames.WEFT_INTERNAL_ERRORS_TOTAL;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Weft's own families: {@code weft_info{version}} (an info metric: a gauge of value 1 in the text
 * format 0.0.4, type {@code info} in OpenMetrics) and {@code weft_internal_errors_total}.
 */
final class WeftSelfCollector extends GuardedCollector {

    static final String HELP_INFO = "Weft agent information";
    static final String HELP_ERRORS =
            "Failures inside the Weft agent that were counted and swallowed so that the application never saw them";

    private static final MetricMetadata INFO = new MetricMetadata(WEFT_INFO, HELP_INFO);
    private static final MetricMetadata ERRORS = new MetricMetadata(WEFT_INTERNAL_ERRORS_TOTAL, HELP_ERRORS);

    private final InfoSnapshot info;
    private final LongSupplier internalErrors;

    /**
     * @param version        the agent's version, the value of the {@code version} label
     *                       ({@code "unknown"} if {@code null} or blank)
     * @param internalErrors the running count of swallowed failures
     *                       ({@code WeftBridge::internalErrors} in production)
     * @param onError        called once for every swallowed failure
     */
    WeftSelfCollector(String version, LongSupplier internalErrors, Runnable onError) {
        super(onError, List.of(
                MetricFamilyDescriptor.of(MetricType.INFO, INFO, List.of(LABEL_VERSION)),
                MetricFamilyDescriptor.of(MetricType.COUNTER, ERRORS)));
        this.internalErrors = Objects.requireNonNull(internalErrors, "internalErrors");
        String v = version == null || version.isBlank() ? "unknown" : version;
        // Immutable and constant: built once, not per scrape.
        this.info = new InfoSnapshot(INFO, List.of(
                new InfoSnapshot.InfoDataPointSnapshot(Labels.of(LABEL_VERSION, v))));
    }

    @Override
    void collectInto(List<MetricSnapshot> out) {
        out.add(info);
        try {
            long errors = internalErrors.getAsLong();
            out.add(new CounterSnapshot(ERRORS, List.of(
                    new CounterSnapshot.CounterDataPointSnapshot(errors, Labels.EMPTY, null, 0L))));
        } catch (Throwable t) {
            failed();
        }
    }
}
