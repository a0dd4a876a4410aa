package dev.weft.exporter.jfr;

import dev.weft.instrumentation.ledger.LockLedger;
import java.time.Duration;
import java.util.function.LongPredicate;
import jdk.jfr.consumer.RecordedThread;

/**
 * Feeds {@code jvm_lock_contention_seconds{kind="monitor"}} from JFR {@code jdk.JavaMonitorEnter}:
 * {@code synchronized} enters that blocked at least the threshold ({@code monitor.threshold},
 * default 20 ms, JFR's own default). Shorter waits are not seen. A threshold below the one of the
 * user's own recording also adds the shorter events to that recording (JFR merges settings).
 * On JDK 24+ a virtual thread blocked on a monitor produces no such event (measured on 25.0.3).
 */
public final class MonitorContention {

    /** The event subscribed. */
    public static final String EVENT = "jdk.JavaMonitorEnter";

    private MonitorContention() {
    }

    /** Subscribes the ledger to the stream, leaving out the agent's own threads (by Java thread id). */
    public static void subscribe(JfrStream stream, LockLedger ledger, Duration threshold, LongPredicate agentThread) {
        stream.subscribe(EVENT, threshold, e -> {
            RecordedThread t = e.getThread();
            if (t != null && (agentThread.test(t.getJavaThreadId())
                    || (t.getJavaName() != null && t.getJavaName().startsWith("weft-")))) {
                return;
            }
            ledger.recordMonitor(e.getDuration().toNanos());
        });
    }
}
