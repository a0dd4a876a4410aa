package dev.weft.exporter.jfr;

import dev.weft.bridge.WeftBridge;
import dev.weft.instrumentation.ledger.ExecutorLedger;
import dev.weft.instrumentation.ledger.ExecutorState;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;

/**
 * Wires the executor JFR events to the ledger: {@code dev.weft.ExecutorStatistics} as a periodic
 * event (JFR calls the hook on its own thread, once per period, while a recording enables it), and
 * {@code dev.weft.ExecutorTask} through the ledger's task listener, which is installed only while a
 * recording enables the event — re-checked when a recording starts or stops and on every periodic
 * round, never per task.
 */
public final class ExecutorEvents {

    private static Runnable periodic;
    private static FlightRecorderListener listener;
    private static ExecutorLedger installedOn;

    private ExecutorEvents() {
    }

    /** Registers the periodic event and the recording listener. Call once; {@link #uninstall()} undoes it. */
    public static synchronized void install(ExecutorLedger ledger) {
        if (installedOn != null) {
            return;
        }
        installedOn = ledger;
        EventType taskType = EventType.getEventType(ExecutorTaskEvent.class);
        periodic = () -> {
            try {
                refresh(ledger, taskType);
                for (ExecutorState s : ledger.states()) {
                    ExecutorStatisticsEvent e = new ExecutorStatisticsEvent();
                    if (!e.shouldCommit()) {
                        continue;
                    }
                    e.name = s.name();
                    e.type = s.type();
                    e.site = s.site();
                    e.active = s.active();
                    e.poolSize = s.poolSize();
                    e.corePoolSize = s.core();
                    e.maximumPoolSize = s.max();
                    e.queued = s.queued();
                    e.completed = s.completed();
                    e.rejected = s.rejected();
                    e.commit();
                }
            } catch (Throwable t) {
                WeftBridge.countError();
            }
        };
        FlightRecorder.addPeriodicEvent(ExecutorStatisticsEvent.class, periodic);
        listener = new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording recording) {
                try {
                    refresh(ledger, taskType);
                } catch (Throwable t) {
                    WeftBridge.countError();
                }
            }
        };
        FlightRecorder.addListener(listener);
        refresh(ledger, taskType);
    }

    /** Removes the periodic hook and the listener, and stops the per-task events. */
    public static synchronized void uninstall() {
        if (installedOn == null) {
            return;
        }
        try {
            FlightRecorder.removePeriodicEvent(periodic);
            FlightRecorder.removeListener(listener);
        } catch (Throwable t) {
            WeftBridge.countError();
        }
        installedOn.setTaskEvents(null);
        installedOn = null;
    }

    private static void refresh(ExecutorLedger ledger, EventType taskType) {
        ledger.setTaskEvents(taskType.isEnabled() ? TASKS : null);
    }

    /** Begins an event when a task starts and commits it, if it lasted the threshold, when it ends. */
    private static final ExecutorLedger.TaskEvents TASKS = new ExecutorLedger.TaskEvents() {
        @Override
        public Object starting() {
            ExecutorTaskEvent e = new ExecutorTaskEvent();
            e.begin();
            return e;
        }

        @Override
        public void ended(Object token, String executor, String type, long queueWaitNanos) {
            ExecutorTaskEvent e = (ExecutorTaskEvent) token;
            e.end();
            if (e.shouldCommit()) {
                e.executor = executor;
                e.type = type;
                e.queueWait = queueWaitNanos;
                e.commit();
            }
        }
    };
}
