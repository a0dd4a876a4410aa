package dev.weft.agent.monitor;

import dev.weft.bridge.WeftBridge;
import dev.weft.exporter.jfr.FindingEvents;
import dev.weft.instrumentation.ledger.ExecutorLedger;
import dev.weft.instrumentation.ledger.ExecutorState;
import dev.weft.instrumentation.ledger.Finding;
import dev.weft.instrumentation.ledger.DurationRecorder;
import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.GcPauseLedger;
import dev.weft.instrumentation.ledger.Ledger;
import dev.weft.instrumentation.ledger.LockLedger;
import dev.weft.instrumentation.ledger.ThreadLedger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The monitor: the daemon thread {@code weft-monitor} that runs the detectors every
 * {@code monitor.interval} and turns what they see into findings (raised once, cleared once), each
 * reported through {@code report} (a log line with indented details) and as a JFR
 * {@code dev.weft.Finding} event.
 *
 * <p>Cost per tick: the thread-count detector reads one MXBean counter; the leak detector walks the
 * ledger's live records once (no stacks: creation sites were captured at start); the stuck detector reads
 * every thread's state and wait counters without stacks, and takes the stacks of at most 64 threads that
 * have been waiting longer than {@code stuck.threshold}. The deadlock detector, every
 * {@code deadlock.interval}, follows the lock owners of that same stack-less read and calls
 * {@code findDeadlockedThreads} (a safepoint operation) only when they close a cycle; when it finds one
 * it takes the stacks of those threads only. The
 * threshold detectors read the ledger's GC-pause and lock-contention recorders (a histogram snapshot
 * per lock kind and per GC series, no stacks). The stuck, saturation and rejection detectors read
 * every live pool's getters (as a scrape does) and take one stack per pool they report.
 */
public final class Monitor implements Runnable {

    /** The monitor thread's name. */
    public static final String THREAD_NAME = "weft-monitor";

    private final long intervalMillis;
    private final List<Detector> detectors;
    private final long[] lastRun;
    private final Findings findings;
    private final ThreadLedger threads;
    private final Consumer<List<String>> report;
    private volatile boolean stopped;

    /**
     * @param report receives a raised or cleared finding as lines: a one-line summary, then details
     */
    Monitor(long intervalMillis, List<Detector> detectors, Findings findings, ThreadLedger threads,
            Consumer<List<String>> report) {
        this.intervalMillis = intervalMillis;
        this.detectors = List.copyOf(detectors);
        this.lastRun = new long[detectors.size()];
        this.findings = findings;
        this.threads = threads;
        this.report = report;
        Set<String> kinds = new LinkedHashSet<>();
        for (Detector d : detectors) {
            kinds.add(d.kind());
        }
        findings.declare(kinds);
    }

    /** Builds the monitor with the default detectors and starts its daemon thread. */
    public static Monitor start(Settings settings, Thresholds thresholds, Ledger ledger,
                                Consumer<List<String>> report) {
        Findings findings = ledger.findings();
        ThreadLedger threads = ledger.threads();
        ExecutorLedger executors = ledger.executors();
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        List<Detector> ds = new ArrayList<>();
        ds.add(new ThreadCountDetector(settings.threadsMax(), settings.threadsVirtualMax(),
                settings.monitorIntervalMillis(), threads.virtual()));
        ds.add(new LeakDetector(threads, settings.leakWindowMillis(), settings.monitorIntervalMillis()));
        PerTick<List<ExecutorState>> pools = new PerTick<>(executors::states);
        // Every thread without stacks (no safepoint), read once a tick for the stuck and deadlock detectors.
        PerTick<java.lang.management.ThreadInfo[]> snapshot =
                new PerTick<>(() -> bean.getThreadInfo(bean.getAllThreadIds(), 0));
        ds.add(new StuckDetector(bean, threads, ledger.io().inFlight(), pools, snapshot,
                settings.stuckThresholdMillis(), settings.monitorIntervalMillis()));
        ds.add(new SaturationDetector(pools, bean, settings.saturationWindowMillis(),
                settings.monitorIntervalMillis()));
        ds.add(new RejectionDetector(pools, bean, settings.saturationWindowMillis(),
                settings.monitorIntervalMillis()));
        ds.add(new DeadlockDetector(bean, threads, findings, snapshot, settings.deadlockIntervalMillis()));
        ds.add(new NonBlockingDetector(ledger.io().nonBlocking(), settings.nonBlockingThreads(), settings.nonBlockingQuietMillis(),
                settings.monitorIntervalMillis()));
        ds.addAll(thresholds.detectors(ledger, settings.monitorIntervalMillis()));
        Monitor m = new Monitor(settings.monitorIntervalMillis(), ds, findings, threads, report);
        Thread t = new Thread(m, THREAD_NAME);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((th, e) -> WeftBridge.countError());
        t.start();
        return m;
    }

    /** Thresholds and intervals, from the configuration. */
    public record Settings(long monitorIntervalMillis, int threadsMax, int threadsVirtualMax, long leakWindowMillis,
                           long stuckThresholdMillis, long deadlockIntervalMillis, String nonBlockingThreads,
                           long nonBlockingQuietMillis, long saturationWindowMillis) {
    }

    /**
     * The in-agent twins of the alert rules (for users without Alertmanager): long GC pause, GC
     * overhead, lock contention p99.
     */
    public record Thresholds(long gcPauseNanos, int gcOverheadPercent, long gcOverheadWindowMillis,
                             long lockContentionNanos, long lockContentionWindowMillis) {

        List<Detector> detectors(Ledger ledger, long intervalMillis) {
            GcPauseLedger gc = ledger.gcPauses();
            gc.longPauseThreshold(gcPauseNanos);
            LockLedger locks = ledger.locks();
            return List.of(
                    new GcPauseDetector(gcPauseNanos, intervalMillis, gc::drainLongPauses),
                    new GcOverheadDetector(gcOverheadPercent, gcOverheadWindowMillis, intervalMillis,
                            () -> pausedNanosByCollector(gc)),
                    new LockContentionDetector(lockContentionNanos, lockContentionWindowMillis, intervalMillis,
                            LockLedger.KINDS, locks::contention, () -> locks.sites().byTotal()));
        }

        private static Map<String, Long> pausedNanosByCollector(GcPauseLedger gc) {
            Map<String, Long> out = new HashMap<>();
            for (Map.Entry<GcPauseLedger.Key, DurationRecorder> e : gc.series()) {
                out.merge(e.getKey().gc(), e.getValue().snapshot(NO_BOUNDS).sumNanos(), Long::sum);
            }
            return out;
        }

        private static final double[] NO_BOUNDS = {};
    }

    @Override
    public void run() {
        while (!stopped) {
            tick(System.currentTimeMillis());
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round: every detector that is due runs once. */
    void tick(long now) {
        try {
            threads.reconcile();
        } catch (Throwable t) {
            WeftBridge.countError();
        }
        for (int i = 0; i < detectors.size(); i++) {
            Detector d = detectors.get(i);
            if (lastRun[i] != 0 && now - lastRun[i] < d.intervalMillis()) {
                continue;
            }
            lastRun[i] = now;
            try {
                Findings.Changes c = findings.update(d.kind(), d.observe(now), now);
                for (Finding f : c.raised()) {
                    report(f, true);
                }
                for (Finding f : c.cleared()) {
                    report(f, false);
                }
            } catch (Throwable t) {
                WeftBridge.countError();
            }
        }
        findings.countRun();
    }

    private void report(Finding f, boolean raised) {
        List<String> lines = new ArrayList<>();
        if (raised) {
            lines.add(f.kind() + ": " + f.summary());
            lines.addAll(f.details());
        } else {
            lines.add(f.kind() + " cleared: " + f.summary());
        }
        try {
            report.accept(lines);
        } catch (Throwable t) {
            WeftBridge.countError();
        }
        try {
            FindingEvents.emit(f, raised);
        } catch (Throwable t) { // JFR unusable in this JVM: the log line and the metrics still say it
            WeftBridge.countError();
        }
    }

    /** Stops after the current tick. */
    public void stop() {
        stopped = true;
    }
}
