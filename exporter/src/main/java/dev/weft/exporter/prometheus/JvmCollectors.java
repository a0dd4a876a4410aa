package dev.weft.exporter.prometheus;

import dev.weft.bridge.WeftBridge;
import dev.weft.instrumentation.ledger.Ledger;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;

/**
 * Registers Weft's default Prometheus collectors.
 *
 * <p>The families and their names are the "Metrics contract" of {@code DESIGN.md}; see
 * {@link MetricNames}. Collectors never throw into a scrape: a failing MXBean read leaves its
 * family (or, for GC, its collector's series) out of that scrape and is counted through
 * {@code WeftBridge.countError()}, which feeds {@code weft_internal_errors_total}.
 */
public final class JvmCollectors {

    private JvmCollectors() {
    }

    /**
     * Registers, on {@code registry}, the thread families ({@code jvm_threads_current},
     * {@code _daemon}, {@code _peak}, {@code jvm_threads_started_total}, {@code jvm_threads_state}),
     * {@code jvm_gc_collection_seconds}, {@code weft_info}, {@code weft_internal_errors_total} and
     * {@code weft_collect_duration_seconds},
     * reading the platform MXBeans and {@link WeftBridge}.
     *
     * <p>Call it once per registry, on Weft's private registry, never on
     * {@code PrometheusRegistry.defaultRegistry} (which belongs to the application).
     *
     * @param registry    Weft's private registry
     * @param weftVersion the agent's version, exposed as {@code weft_info{version="…"}}
     * @throws IllegalArgumentException if {@code registry} is the default registry, or if these
     *                                  families are already registered on it
     */
    public static void registerDefaults(PrometheusRegistry registry, String weftVersion) {
        if (registry == PrometheusRegistry.defaultRegistry) {
            throw new IllegalArgumentException(
                    "weft: collectors go on a private registry, not PrometheusRegistry.defaultRegistry");
        }
        Runnable onError = WeftBridge::countError;
        registry.register(new JvmThreadsCollector(ManagementFactory.getThreadMXBean(), onError));
        registry.register(new JvmGcCollector(ManagementFactory.getGarbageCollectorMXBeans(), onError));
        registry.register(new WeftSelfCollector(weftVersion, WeftBridge::internalErrors, onError));
        registry.register(new CollectDurationCollector(onError));
    }

    /**
     * Registers the families fed by the ledger's wait subjects: {@code jvm_lock_contention_seconds}
     * (+ {@code _max}), {@code jvm_lock_wait_seconds} (+ {@code _max}), {@code jvm_gc_pause_seconds}
     * (+ {@code _max}), {@code jvm_threads_virtual_pinned_seconds} (+ {@code _max},
     * {@code jvm_threads_virtual_submit_failed_total}) and {@code jvm_blocking_io_seconds} (+ {@code _max},
     * {@code jvm_blocking_io_bytes_total}).
     *
     * @param registry Weft's private registry
     * @param ledger   the agent's ledger
     */
    public static void registerWaits(PrometheusRegistry registry, Ledger ledger) {
        Runnable onError = WeftBridge::countError;
        registry.register(new LockContentionCollector(ledger.locks(), onError));
        registry.register(new LockWaitCollector(ledger.locks(), onError));
        registry.register(new GcPauseCollector(ledger.gcPauses(), onError));
        registry.register(new VirtualThreadPinningCollector(ledger.virtualPinning(), onError));
        registry.register(new BlockingIoCollector(ledger.io(), onError));
    }
}
