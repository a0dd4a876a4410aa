package dev.weft.exporter.prometheus;

import dev.weft.bridge.WeftBridge;
import dev.weft.instrumentation.ledger.ExecutorLedger;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Registers the executor families ({@code weft_series_dropped_total} is registered once, by the agent). */
public final class ExecutorMetrics {

    private ExecutorMetrics() {
    }

    /**
     * Registers the {@code executor_*} families over {@code ledger}; its {@code seriesDropped()} is one
     * of the sources of {@code weft_series_dropped_total}.
     *
     * @param registry Weft's private registry
     * @param ledger   the executor ledger the hooks record into
     */
    public static void register(PrometheusRegistry registry, ExecutorLedger ledger) {
        Runnable onError = WeftBridge::countError;
        registry.register(new ExecutorCollector(ledger::series, onError));
    }
}
