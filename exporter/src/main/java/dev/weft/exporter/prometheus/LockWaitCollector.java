package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.MetricNames.JVM_LOCK_WAIT_SECONDS;

import dev.weft.instrumentation.ledger.LockLedger;

/**
 * {@code jvm_lock_wait_seconds{kind}} (histogram) and {@code jvm_lock_wait_seconds_max{kind}}:
 * intentional waits ({@code object_wait}, {@code condition_await}, {@code park}, {@code sleep})
 * that lasted at least {@code wait.threshold}, from JFR.
 */
final class LockWaitCollector extends KindHistogramCollector {

    static final String HELP = "Time threads spent in intentional waits (Object.wait, Condition.await, other"
            + " LockSupport.park, Thread.sleep) of at least wait.threshold, by kind.";
    static final String HELP_MAX = "Longest single intentional wait since the agent started, by kind.";

    LockWaitCollector(LockLedger ledger, Runnable onError) {
        super(JVM_LOCK_WAIT_SECONDS, HELP, HELP_MAX, LockLedger.WAIT_KINDS, ledger::waits, onError);
    }
}
