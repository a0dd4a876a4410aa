package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.MetricNames.JVM_LOCK_CONTENTION_SECONDS;

import dev.weft.instrumentation.ledger.LockLedger;

/**
 * {@code jvm_lock_contention_seconds{kind}} (histogram, totals since the agent started) and
 * {@code jvm_lock_contention_seconds_max{kind}} (gauge: the longest single wait since then), one
 * series per kind, always all five kinds.
 */
final class LockContentionCollector extends KindHistogramCollector {

    static final String HELP = "Time threads spent blocked acquiring a contended lock, by lock kind"
            + " (monitor: synchronized, from JFR above monitor.threshold).";
    static final String HELP_MAX = "Longest single contended lock acquisition since the agent started, by lock kind.";

    LockContentionCollector(LockLedger ledger, Runnable onError) {
        super(JVM_LOCK_CONTENTION_SECONDS, HELP, HELP_MAX, LockLedger.KINDS, ledger::contention, onError);
    }
}
