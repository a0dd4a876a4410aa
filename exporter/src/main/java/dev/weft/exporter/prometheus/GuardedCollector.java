package dev.weft.exporter.prometheus;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Base of Weft's collectors: a {@link MultiCollector} whose {@link #collect()} never throws.
 *
 * <p>{@code PrometheusRegistry.scrape} does not catch what a collector throws; an exception would
 * turn the whole scrape into an HTTP 500 carrying a stack trace. Subclasses therefore guard each
 * family separately with {@link #failed()} (so one failing MXBean call costs one family, not the
 * scrape), and this class guards the rest. Every swallowed failure is counted through the
 * {@code onError} callback (in production {@code WeftBridge::countError}); nothing is printed.
 * Each collection's duration goes to {@link CollectTimes} ({@code weft_collect_duration_seconds}).
 */
abstract class GuardedCollector implements MultiCollector {

    private final Runnable onError;
    private final List<MetricFamilyDescriptor> descriptors;

    GuardedCollector(Runnable onError, List<MetricFamilyDescriptor> descriptors) {
        this.onError = Objects.requireNonNull(onError, "onError");
        this.descriptors = List.copyOf(descriptors);
    }

    /**
     * Adds this collector's snapshots to {@code out}. May throw; what was added before the throw
     * is still exposed.
     */
    abstract void collectInto(List<MetricSnapshot> out);

    /** Collects, counting and swallowing every failure. Never throws, never returns {@code null}. */
    @Override
    public final MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>(descriptors.size());
        long start = System.nanoTime();
        try {
            collectInto(out);
        } catch (Throwable t) {
            failed();
        }
        try {
            CollectTimes.record(getClass(), System.nanoTime() - start);
        } catch (Throwable t) {
            failed();
        }
        try {
            return new MetricSnapshots(out);
        } catch (Throwable t) {
            failed();
            return new MetricSnapshots();
        }
    }

    /**
     * The families this collector can return, so that the registry rejects a second registration
     * of the same names at registration time rather than failing every scrape.
     */
    @Override
    public final List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
        return descriptors;
    }

    /** Counts one swallowed failure. Never throws. */
    final void failed() {
        try {
            onError.run();
        } catch (Throwable ignored) {
            // The error counter itself failed: nothing sensible is left to do.
        }
    }
}
