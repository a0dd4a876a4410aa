package dev.weft.exporter.jfr;

import dev.weft.instrumentation.ledger.LockLedger;
import java.time.Duration;
import java.util.function.LongPredicate;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/**
 * Feeds {@code jvm_lock_wait_seconds{kind}} from JFR, waits of at least the threshold
 * ({@code wait.threshold}, default 20 ms, JFR's own default for these events):
 * <ul>
 *   <li>{@code jdk.JavaMonitorWait} → {@code object_wait};</li>
 *   <li>{@code jdk.ThreadSleep} → {@code sleep};</li>
 *   <li>{@code jdk.ThreadPark}, by its blocker ({@code parkedClass}): a condition
 *       ({@code …$ConditionObject}) → {@code condition_await}; the synchronizer of a
 *       {@code ReentrantLock}, {@code ReentrantReadWriteLock}, {@code StampedLock} or pool worker →
 *       not a wait (already counted, completely, as contention); anything else (latches, semaphores,
 *       futures, a bare {@code LockSupport.park}) → {@code park}.</li>
 * </ul>
 * Waits of Weft's own threads ({@code weft-*}) and of JFR's ({@code JFR *}) are left out. A JFR duration event is written when
 * the wait ends: a thread that is still waiting is not in these numbers. Idle pool workers waiting
 * for a task are in {@code condition_await} (or {@code park}): these are waits, not problems.
 */
public final class Waits {

    private Waits() {
    }

    /**
     * Subscribes the ledger to the three events with the given threshold, leaving out the waits of
     * the threads {@code agentThread} names (by Java thread id) besides Weft's and JFR's by name.
     */
    public static void subscribe(JfrStream stream, LockLedger ledger, Duration threshold, LongPredicate agentThread) {
        stream.subscribe("jdk.JavaMonitorWait", threshold, e -> record(e, ledger, LockLedger.OBJECT_WAIT, agentThread));
        stream.subscribe("jdk.ThreadSleep", threshold, e -> record(e, ledger, LockLedger.SLEEP, agentThread));
        stream.subscribe("jdk.ThreadPark", threshold, e -> {
            RecordedClass blocker = e.getClass("parkedClass");
            int kind = LockLedger.parkKind(blocker == null ? null : blocker.getName());
            if (kind >= 0) {
                record(e, ledger, kind, agentThread);
            }
        });
    }

    private static void record(RecordedEvent e, LockLedger ledger, int kind, LongPredicate agentThread) {
        RecordedThread t = e.getThread();
        String name = t == null ? null : t.getJavaName();
        // Weft's threads, and JFR's own (its periodic task thread naps in Object.wait every second,
        // and exists because of our stream), are not the application's waits.
        if (name != null && (name.startsWith("weft-") || name.startsWith("JFR "))) {
            return;
        }
        if (t != null && agentThread.test(t.getJavaThreadId())) {
            return;
        }
        ledger.recordWait(kind, e.getDuration().toNanos());
    }
}
