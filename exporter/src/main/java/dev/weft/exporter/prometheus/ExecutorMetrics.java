package dev.weft.exporter.prometheus;

import dev.weft.bridge.WeftBridge;
import dev.weft.instrumentation.ledger.ExecutorLedger;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/** Registers the executor families and {@code weft_series_dropped_total}. */
public final class ExecutorMetrics {

    private ExecutorMetrics() {
    }

    /**
     * Registers the {@code executor_*} families over {@code ledger}, and
     * {@code weft_series_dropped_total} counting the executors folded into {@code name="other"}.
     *
     * @param registry Weft's private registry
     * @param ledger   the executor ledger the hooks record into
     */
    public static void register(PrometheusRegistry registry, ExecutorLedger ledger) {
        Runnable onError = WeftBridge::countError;
        registry.register(new ExecutorCollector(ledger::series, onError));
        registry.register(new SeriesDroppedCollector(List.of(ledger::seriesDropped), onError));
    }
}
