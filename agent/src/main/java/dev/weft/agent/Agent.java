package dev.weft.agent;

import dev.weft.agent.config.Config;
import dev.weft.agent.config.Keys;
import dev.weft.agent.monitor.Monitor;
import dev.weft.bridge.WeftBridge;
import dev.weft.bridge.WeftExecutorBridge;
import dev.weft.bridge.WeftLockBridge;
import dev.weft.bridge.WeftVirtualThreadBridge;
import dev.weft.exporter.gc.GcNotificationPauses;
import dev.weft.exporter.jfr.ExecutorEvents;
import dev.weft.exporter.jfr.GcPauses;
import dev.weft.exporter.jfr.JfrStream;
import dev.weft.exporter.jfr.LockEvents;
import dev.weft.exporter.jfr.MonitorContention;
import dev.weft.exporter.jfr.VirtualThreadEvents;
import dev.weft.exporter.jfr.WeftRecording;
import dev.weft.exporter.jfr.Waits;
import dev.weft.instrumentation.Instrumentations;
import dev.weft.instrumentation.TypeInstrumentation;
import dev.weft.instrumentation.fault.TestFaults;
import dev.weft.instrumentation.ledger.Ledger;
import dev.weft.instrumentation.ledger.ThreadLedger;
import dev.weft.instrumentation.ledger.ThreadNamePatterns;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The start-up sequence, run on the daemon thread {@code weft-init} so that premain returns to the
 * application at once (Byte Buddy's own class loading costs several hundred milliseconds of CPU).
 *
 * <p>What is seen before the hooks are in: the JVM's own counters ({@code jvm_threads_*} from
 * {@code ThreadMXBean}, GC totals) are complete whatever the timing, because they are read from
 * the JVM at scrape time. Threads started while the hooks are being installed are not announced
 * to the ledger; they are seeded right after installation from the live thread list and marked
 * {@link dev.weft.instrumentation.ledger.ThreadRecord#preexisting() pre-existing} (their start time
 * is the seeding time and their creation site is unknown). Threads that started and ended
 * entirely before the hooks were in are only in the JVM's counters.
 *
 * <p>Each step fails on its own: a failure is reported in one line and the remaining steps still
 * run (no hooks still means metrics; no HTTP port still means hooks).
 */
final class Agent implements Runnable {

    private final Config config;
    private final Instrumentation inst;
    private final boolean dynamic;
    private final File agentJar;
    private final String version;
    private final long startNanos;
    private final int jdkFeature = Runtime.version().feature();

    private volatile String hookStatus = "not installed";
    private volatile String recordingTo;
    private final Ledger ledger = new Ledger();
    private volatile boolean hooksIn;
    private volatile JfrStream jfrStream;
    private volatile String jfrStatus = "off";

    Agent(Config config, Instrumentation inst, boolean dynamic, File agentJar, String version, long startNanos) {
        this.config = config;
        this.inst = inst;
        this.dynamic = dynamic;
        this.agentJar = agentJar;
        this.version = version;
        this.startNanos = startNanos;
    }

    @Override
    public void run() {
        try {
            boolean jfr = probeJfr();
            // The recording first: it then also sees the threads started while the hooks go in.
            if (jfr && config.get(Keys.JFR_RECORD)) {
                startRecording();
            }
            boolean hooked = installHooks();
            if (jfr && config.get(Keys.JFR_STREAM)) {
                startJfrStream();
            } else {
                startGcNotificationFallback(jfr ? "off (jfr.stream=false)" : "off");
            }
            if (jfr) {
                LockEvents.install(ledger.locks());
                installExecutorEvents();
            }
            startMonitor();
            String endpoint = startExporter();
            if (hooked || endpoint != null) {
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
                String where = endpoint != null ? "metrics at " + endpoint
                        : config.get(Keys.PORT) == 0 ? "HTTP endpoint off (port=0)" : "HTTP endpoint not started";
                Log.info(version + ": " + where
                        + "; " + hookStatus + " (ready in " + ms + " ms)", AgentMain.quiet(config));
            }
        } catch (Throwable t) {
            WeftBridge.countError();
            Log.warn("start-up failed, the agent is partly disabled: " + t);
        }
    }

    /** Bridge, ledger, hooks, seeding, self-test. @return whether the hooks are in */
    private boolean installHooks() {
        List<TypeInstrumentation> types = Instrumentations.all();
        ledger.connect();
        boolean faults = TestFaults.requested(); // test only; read once, here
        if (faults) {
            TestFaults.connectThrowingHooks();
        }
        Installer.Result result;
        try {
            result = Installer.install(inst, types, Agent.class.getClassLoader(), faults);
        } catch (Throwable t) {
            ledger.disconnect();
            Log.warn("installing the hooks failed, no hooks are installed (JVM metrics still work): " + t);
            hookStatus = "hooks off";
            return false;
        }
        for (var e : result.errors().entrySet()) {
            Log.warn("could not instrument " + e.getKey() + ": " + e.getValue());
        }
        ledger.threads().reconcile();
        ledger.locks().setSlowThreshold(config.get(Keys.LOCK_EVENT_THRESHOLD).toNanos());
        WeftVirtualThreadBridge.setSampleEvery(config.get(Keys.THREADS_VIRTUAL_SAMPLE));
        ledger.threads().siteSampling(config.get(Keys.THREADS_SITES_RATE), config.get(Keys.THREADS_SITES_SAMPLE));
        ledger.io().nonBlockingThreads(ThreadNamePatterns.of(config.get(Keys.NONBLOCKING_THREADS)));
        hooksIn = true;

        int expected = 0;
        for (TypeInstrumentation t : types) {
            for (var h : t.hookPoints()) {
                if (h.expectedOn(jdkFeature)) {
                    expected++;
                }
            }
        }
        List<String> missing = new ArrayList<>(SelfTest.run(types, jdkFeature));
        WeftExecutorBridge.stopCountingTaskHooks(); // the per-task hooks' counts served the self-test only
        for (TypeInstrumentation t : types) {
            // Hooks the self-test does not fire count as active only if their type was transformed.
            if (!t.exercisedBySelfTest() && result.errors().containsKey(t.typeName())) {
                for (var h : t.hookPoints()) {
                    if (h.expectedOn(jdkFeature)) {
                        missing.add(h.id());
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            Log.warn("self-test: " + missing.size() + " of " + expected + " hooks did not fire on JDK " + jdkFeature
                    + ": " + String.join(", ", missing) + "; their data will be missing."
                    + " Please report this with the output of java -version.");
        }
        hookStatus = (expected - missing.size()) + " of " + expected + " hooks active on JDK " + jdkFeature;
        return true;
    }

    /** The detectors' thread; without it there are no findings, everything else still works. */
    private void startMonitor() {
        try {
            Monitor.start(new Monitor.Settings(config.get(Keys.MONITOR_INTERVAL).toMillis(), config.get(Keys.THREADS_MAX),
                    config.get(Keys.THREADS_VIRTUAL_MAX),
                    config.get(Keys.LEAK_WINDOW).toMillis(), config.get(Keys.STUCK_THRESHOLD).toMillis(),
                    config.get(Keys.DEADLOCK_INTERVAL).toMillis(),
                    String.join(";", config.get(Keys.NONBLOCKING_THREADS)), config.get(Keys.NONBLOCKING_QUIET).toMillis(),
                    config.get(Keys.EXECUTOR_SATURATION_WINDOW).toMillis()),
                    new Monitor.Thresholds(config.get(Keys.GC_PAUSE_THRESHOLD).toNanos(),
                            config.get(Keys.GC_OVERHEAD_THRESHOLD), config.get(Keys.GC_OVERHEAD_WINDOW).toMillis(),
                            config.get(Keys.LOCK_CONTENTION_THRESHOLD).toNanos(),
                            config.get(Keys.LOCK_CONTENTION_WINDOW).toMillis()),
                    ledger, Log::report);
        } catch (Throwable t) {
            WeftBridge.countError();
            Log.warn("the monitor (leak, deadlock, thread-count, stuck and pool detectors) failed to start; no findings will be"
                    + " raised, everything else keeps working: " + t);
        }
    }

    /** @return whether JFR is available (warns once when it is not) */
    private boolean probeJfr() {
        try {
            if (!jdk.jfr.FlightRecorder.isAvailable()) {
                Log.warn("JFR is not available in this JVM (-XX:-FlightRecorder?): Weft's JFR events and"
                        + " JFR-fed metrics are off; everything else works");
                return false;
            }
            return true;
        } catch (Throwable t) {
            Log.warn("JFR is not available in this JVM (" + t + "): Weft's JFR events and JFR-fed metrics"
                    + " are off; everything else works");
            return false;
        }
    }

    /**
     * The one in-process JFR stream (on {@code weft-jfr}) and its subscribers: GC pauses and
     * {@code synchronized} contention.
     */
    private void startJfrStream() {
        try {
            JfrStream stream = new JfrStream();
            GcPauses.subscribe(stream, ledger.gcPauses());
            MonitorContention.subscribe(stream, ledger.locks(), config.get(Keys.MONITOR_THRESHOLD),
                    ledger.threads()::isAgentThread);
            Waits.subscribe(stream, ledger.locks(), config.get(Keys.WAIT_THRESHOLD), ledger.threads()::isAgentThread);
            boolean pinning = VirtualThreadEvents.subscribe(stream, ledger.virtualPinning(),
                    config.get(Keys.VIRTUAL_PINNED_THRESHOLD));
            stream.onFailure(t -> Log.warn("the JFR stream stopped (" + t + "): jvm_gc_pause_seconds and"
                    + " the JFR-fed lock metrics are no longer updated; everything else works"));
            stream.start();
            jfrStream = stream;
            jfrStatus = "running (jdk.GarbageCollection, jdk.JavaMonitorEnter >= "
                    + config.get(Keys.MONITOR_THRESHOLD).toMillis() + " ms, jdk.JavaMonitorWait/ThreadPark/ThreadSleep >= "
                    + config.get(Keys.WAIT_THRESHOLD).toMillis() + " ms"
                    + (pinning ? ", jdk.VirtualThreadPinned >= " + config.get(Keys.VIRTUAL_PINNED_THRESHOLD).toMillis()
                            + " ms, jdk.VirtualThreadSubmitFailed" : "") + ")";
        } catch (Throwable t) {
            WeftBridge.countError();
            jfrStatus = "failed: " + t;
            Log.warn("could not start the JFR stream (" + t + "): jvm_gc_pause_seconds, monitor contention and"
                    + " jvm_lock_wait_seconds are off; everything else works");
        }
    }

    /**
     * {@code dev.weft.ExecutorStatistics} (periodic) and {@code dev.weft.ExecutorTask} (while a
     * recording enables it); the periodic hook is removed at shutdown.
     */
    private void installExecutorEvents() {
        try {
            ExecutorEvents.install(ledger.executors());
            Thread remove = new Thread(ExecutorEvents::uninstall, "weft-jfr-shutdown");
            remove.setDaemon(true);
            Runtime.getRuntime().addShutdownHook(remove);
        } catch (Throwable t) {
            WeftBridge.countError();
            Log.warn("the executor JFR events are off (" + t + "); everything else works");
        }
    }

    /** {@code jfr.record=true}: the continuous recording, dumped on exit. */
    private void startRecording() {
        String file = config.get(Keys.JFR_FILE);
        java.nio.file.Path path = java.nio.file.Path.of(file.isEmpty()
                ? "weft-" + ProcessHandle.current().pid() + ".jfr" : file).toAbsolutePath();
        try {
            WeftRecording.start(path, config.get(Keys.JFR_MAXAGE), config.get(Keys.JFR_MAXSIZE) * 1024L * 1024L);
            recordingTo = path.toString();
        } catch (Throwable t) {
            Log.warn("jfr.record: " + t.getMessage() + "; no recording, everything else works");
        }
    }

    /** @return the metrics URL, or null when the endpoint is off or could not start */
    private String startExporter() {
        try {
            return Exporters.start(config, version, ledger, this);
        } catch (Throwable t) {
            WeftBridge.countError();
            Log.warn("the metrics exporter failed to start; the HTTP endpoint is off, everything else keeps"
                    + " working: " + t);
            return null;
        }
    }

    /** Without JFR or without the stream: GC pauses from GC notifications (millisecond durations; see GcNotificationPauses). */
    private void startGcNotificationFallback(String why) {
        try {
            List<String> beans = GcNotificationPauses.install(ledger.gcPauses());
            jfrStatus = why + "; jvm_gc_pause_seconds from GC notifications (whole milliseconds) of " + beans;
        } catch (Throwable t) {
            WeftBridge.countError();
            jfrStatus = why + "; GC notifications failed too: " + t;
        }
    }

    /** Status lines for the index page. */
    List<String> status() {
        List<String> lines = new ArrayList<>();
        lines.add("Weft " + version + " on JDK " + Runtime.version() + (dynamic ? " (attached dynamically)" : ""));
        lines.add("Hooks: " + hookStatus);
        ThreadLedger l = ledger.threads();
        if (hooksIn) {
            l.reconcile();
            lines.add("Platform threads tracked: " + l.liveCount() + " live; " + l.startedTotal()
                    + " starts seen since the hooks were installed");
            lines.add("Thread pools tracked: " + ledger.executors().trackedCount()
                    + " (the agent's own included)");
        }
        lines.add("JFR stream: " + jfrStatus);
        if (recordingTo != null) {
            lines.add("JFR recording \"weft\" (default + weft.jfc), written to " + recordingTo + " on exit");
        }
        lines.add("Lock slow-path calls: " + WeftLockBridge.hookCalls(WeftLockBridge.HOOK_AQS_ACQUIRE)
                + " (AQS), " + WeftLockBridge.hookCalls(WeftLockBridge.HOOK_AQLS_ACQUIRE) + " (AQLS), "
                + (WeftLockBridge.hookCalls(WeftLockBridge.HOOK_STAMPED_WRITE)
                        + WeftLockBridge.hookCalls(WeftLockBridge.HOOK_STAMPED_READ)) + " (StampedLock); "
                + ledger.locks().intentionalWaits() + " of them latch, semaphore or condition waits");
        lines.add("Findings: " + ledger.findings().active().size() + " active, after " + ledger.findings().runs()
                + " monitor rounds (details at /findings; threads grouped by stack at /threads, on loopback only)");
        lines.add("Internal errors (counted and swallowed): " + WeftBridge.internalErrors());
        return lines;
    }
}
