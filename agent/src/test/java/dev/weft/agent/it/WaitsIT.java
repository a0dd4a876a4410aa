package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where threads wait, against the ground truth the application (or the JVM's own GC log) knows:
 * {@code jvm_lock_contention_seconds} for {@code ReentrantLock} and {@code synchronized}, and
 * {@code jvm_gc_pause_seconds} for G1 and Parallel.
 */
class WaitsIT {

    private static final String APP = "dev.weft.testapps.WaitsApp";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void lockContentionMatchesTheWaitTheApplicationMeasured(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String metrics = "http://127.0.0.1:" + port + "/metrics";
        try (ChildJvm app = ChildJvm.of(jdk, APP).agent("port=" + port).start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));

            // Uncontended locking never reaches the slow-path hook.
            int from = app.outSize();
            app.send("uncontended 2000000");
            Matcher u = match(app.awaitOut(l -> l.startsWith("uncontended "), from),
                    "uncontended before=(\\d+) after=(\\d+)");
            assertTrue(Long.parseLong(u.group(1)) >= 1, "the self-test's canary passed the hook: " + u.group());
            assertEquals(u.group(1), u.group(2), "uncontended lock()/unlock() reached the AQS slow path");

            // Timeouts of zero, 1 ms and Long.MAX_VALUE and an interrupted wait: the application sees
            // exactly what the JDK specifies, and the agent swallows nothing.
            from = app.outSize();
            app.send("edge");
            assertEquals("edge tryLock=false zero=false timed=false interrupted=true max=true",
                    app.awaitOut(l -> l.startsWith("edge "), from));

            // LockSlowPathBench's operation (tryLock(1 ns) on a lock another thread holds): each call is
            // one slow-path acquisition, timed out without parking, and counted as one contended
            // reentrant_lock acquisition, so the benchmark's difference is the cost per acquisition.
            String before = Http.awaitOk(metrics, DEADLINE);
            from = app.outSize();
            app.send("slowpath 10000");
            assertEquals("slowpath calls=10000 acquired=0", app.awaitOut(l -> l.startsWith("slowpath "), from));
            String after = Http.awaitOk(metrics, DEADLINE);
            String kind = "{kind=\"reentrant_lock\"}";
            assertEquals(10000.0, sample(after, "jvm_lock_contention_seconds_count" + kind)
                    - sample(before, "jvm_lock_contention_seconds_count" + kind), after);
            assertEquals(0.0, sample(after, "jvm_lock_contention_seconds_count{kind=\"other\"}"));

            // Eight threads contending for a ReentrantLock, 1 ms holds.
            before = Http.awaitOk(metrics, DEADLINE);
            from = app.outSize();
            app.send("lock 8 60 1000");
            Matcher m = match(app.awaitOut(l -> l.startsWith("lock "), from),
                    "lock waitNanos=(\\d+) acquisitions=(\\d+) slow=\\d+ slowWaitNanos=\\d+");
            double appWait = Long.parseLong(m.group(1)) / 1e9;
            long acquisitions = Long.parseLong(m.group(2));
            after = Http.awaitOk(metrics, DEADLINE);
            double weft = sample(after, "jvm_lock_contention_seconds_sum" + kind)
                    - sample(before, "jvm_lock_contention_seconds_sum" + kind);
            double count = sample(after, "jvm_lock_contention_seconds_count" + kind)
                    - sample(before, "jvm_lock_contention_seconds_count" + kind);
            assertEquals(480, acquisitions);
            assertTrue(appWait > 1.0, "the scenario did not contend: " + appWait + " s");
            assertTrue(Math.abs(weft - appWait) <= 0.10 * appWait,
                    "Weft " + weft + " s vs application " + appWait + " s");
            assertTrue(count > 0 && count <= acquisitions, "contended acquisitions " + count);
            assertTrue(sample(after, "jvm_lock_contention_seconds_max" + kind) >= 0.001, after);
            assertEquals(count, sample(after, "jvm_lock_contention_seconds_bucket{kind=\"reentrant_lock\",le=\"+Inf\"}")
                    - sample(before, "jvm_lock_contention_seconds_bucket{kind=\"reentrant_lock\",le=\"+Inf\"}"));
            // Latches (the scenario's start gate) are intentional waits, not contention.
            assertEquals(0.0, sample(after, "jvm_lock_contention_seconds_count{kind=\"other\"}"));

            // StampedLock (not AQS): its own slow paths.
            before = Http.awaitOk(metrics, DEADLINE);
            from = app.outSize();
            app.send("stamped 8 40 1000");
            m = match(app.awaitOut(l -> l.startsWith("stamped "), from), "stamped waitNanos=(\\d+)");
            double appStamped = Long.parseLong(m.group(1)) / 1e9;
            after = Http.awaitOk(metrics, DEADLINE);
            String sk = "{kind=\"stamped_lock\"}";
            double weftStamped = sample(after, "jvm_lock_contention_seconds_sum" + sk)
                    - sample(before, "jvm_lock_contention_seconds_sum" + sk);
            assertTrue(appStamped > 0.5, "the scenario did not contend: " + appStamped + " s");
            assertTrue(Math.abs(weftStamped - appStamped) <= 0.10 * appStamped,
                    "Weft " + weftStamped + " s vs application " + appStamped + " s");

            // synchronized, through JFR above the default 20 ms threshold: 40 ms holds.
            before = Http.awaitOk(metrics, DEADLINE);
            from = app.outSize();
            app.send("monitor 4 6 40 20");
            m = match(app.awaitOut(l -> l.startsWith("monitor "), from), "monitor waitNanos=(\\d+) counted=(\\d+)");
            double appMonitor = Long.parseLong(m.group(1)) / 1e9;
            assertTrue(appMonitor > 0.5, "the scenario did not contend: " + appMonitor + " s");
            String mk = "{kind=\"monitor\"}";
            double monitorBefore = sample(before, "jvm_lock_contention_seconds_sum" + mk);
            // JFR delivers events in batches about once a second: poll until they are in.
            long end = System.nanoTime() + DEADLINE.toNanos();
            double weftMonitor;
            do {
                weftMonitor = sample(Http.awaitOk(metrics, DEADLINE), "jvm_lock_contention_seconds_sum" + mk)
                        - monitorBefore;
                if (Math.abs(weftMonitor - appMonitor) <= 0.10 * appMonitor) {
                    break;
                }
                Thread.sleep(100);
            } while (System.nanoTime() < end);
            assertTrue(Math.abs(weftMonitor - appMonitor) <= 0.10 * appMonitor,
                    "Weft " + weftMonitor + " s vs application " + appMonitor + " s (" + m.group(2) + " waits)");

            assertEquals(0.0, Http.sample(Http.awaitOk(metrics, DEADLINE), "weft_internal_errors_total"));
            app.send("exit 0");
            assertEquals(0, app.waitFor());
            assertEquals(1, app.weftLines().size(), "only the start-up line: " + app.err());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void intentionalWaitsMatchTheWaitsTheApplicationMeasured(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String metrics = "http://127.0.0.1:" + port + "/metrics";
        try (ChildJvm app = ChildJvm.of(jdk, APP).agent("port=" + port).start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            String before = Http.awaitOk(metrics, DEADLINE);
            int from = app.outSize();
            app.send("waits 6 50 20");
            Matcher m = match(app.awaitOut(l -> l.startsWith("waits "), from),
                    "waits object_wait=(\\d+) condition_await=(\\d+) park=(\\d+) sleep=(\\d+)");
            String[] kinds = {"object_wait", "condition_await", "park", "sleep"};
            double[] expected = new double[4];
            for (int i = 0; i < 4; i++) {
                expected[i] = Long.parseLong(m.group(i + 1)) / 1e9;
                assertTrue(expected[i] > 0.2, kinds[i] + " waited only " + expected[i] + " s");
            }
            // JFR delivers events in batches about once a second: poll until they are in.
            long end = System.nanoTime() + DEADLINE.toNanos();
            double[] weft = new double[4];
            boolean all;
            do {
                String now = Http.awaitOk(metrics, DEADLINE);
                all = true;
                for (int i = 0; i < 4; i++) {
                    String series = "jvm_lock_wait_seconds_sum{kind=\"" + kinds[i] + "\"}";
                    weft[i] = sample(now, series) - sample(before, series);
                    all &= Math.abs(weft[i] - expected[i]) <= 0.10 * expected[i];
                }
                if (!all) {
                    Thread.sleep(100);
                }
            } while (!all && System.nanoTime() < end);
            assertTrue(all, "Weft " + java.util.Arrays.toString(weft) + " s vs application "
                    + java.util.Arrays.toString(expected) + " s for " + String.join(", ", kinds));
            app.send("exit 0");
            assertEquals(0, app.waitFor());
        }
    }

    /** G1 and Parallel on every JDK; generational ZGC (sub-0.1 ms pauses, concurrent cycles) on 25. */
    static Stream<Arguments> collectors() {
        return Jdk.all().flatMap(j -> j.feature() >= 25
                ? Stream.of(Arguments.of(j, "G1"), Arguments.of(j, "Parallel"), Arguments.of(j, "Z"))
                : Stream.of(Arguments.of(j, "G1"), Arguments.of(j, "Parallel")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("collectors")
    void gcPauseTotalMatchesTheJvmsOwnGcLog(Jdk jdk, String gc, @TempDir Path dir) throws Exception {
        int port = ChildJvm.freePort();
        String metrics = "http://127.0.0.1:" + port + "/metrics";
        Path log = dir.resolve("gc.log");
        try (ChildJvm app = ChildJvm.of(jdk, APP).agent("port=" + port)
                // ZGC logs its pauses only under gc+phases ("GC(3) y: Pause Mark Start 0.015ms").
                .jvmArg("-Xms256m", "-XX:+Use" + gc + "GC", "-Xlog:" + (gc.equals("Z") ? "gc,gc+phases" : "gc") + ":file=" + log)
                .start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));

            // The baseline: a moment when Weft has received every collection the log shows up to
            // then. JFR delivers events in commit order about once a second, so once Weft has seen
            // as many System.gc() collections as the log shows, and the log's last collection is
            // that System.gc(), everything before it is in too. A background collection in between
            // (the agent allocates too) spoils the attempt; then try again.
            String before = null;
            Map<Integer, Double> logBefore = null;
            for (int attempt = 0; attempt < 5 && before == null; attempt++) {
                int from = app.outSize();
                app.send("gc 1 0");
                app.awaitOut(l -> l.equals("gc done"), from);
                long end = System.nanoTime() + DEADLINE.toNanos();
                int logSystemGcs = systemGcLines(log);
                while (systemGcCount(Http.awaitOk(metrics, DEADLINE)) < logSystemGcs && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                Map<Integer, Double> logNow = pauses(log);
                String scrape = Http.awaitOk(metrics, DEADLINE);
                if (lastPauseIsSystemGc(log) && pauses(log).equals(logNow)
                        && systemGcCount(scrape) == systemGcLines(log)) {
                    before = scrape;
                    logBefore = logNow;
                }
            }
            assertTrue(before != null, "no quiet baseline in 5 attempts:\n" + String.join("\n", Files.readAllLines(log)));

            int from = app.outSize();
            app.send("gc 5 400");
            app.awaitOut(l -> l.equals("gc done"), from);

            double weftSum;
            double logSum;
            int logCount;
            double weftCount;
            String after;
            long end = System.nanoTime() + DEADLINE.toNanos();
            do {
                Map<Integer, Double> now = pauses(log);
                now.keySet().removeAll(logBefore.keySet());
                logCount = now.size();
                logSum = now.values().stream().mapToDouble(Double::doubleValue).sum() / 1000;
                after = Http.awaitOk(metrics, DEADLINE);
                weftCount = gcCount(after) - gcCount(before);
                weftSum = gcSum(after) - gcSum(before);
                if (weftCount == logCount) {
                    break;
                }
                Thread.sleep(100);
            } while (System.nanoTime() < end);
            assertTrue(logCount >= 6, "expected young and full collections, the log has " + logCount);
            String evidence = "\nWeft before:\n" + pauseLines(before) + "Weft after:\n" + pauseLines(after)
                    + "GC log:\n" + String.join("\n", Files.readAllLines(log));
            assertEquals(logCount, weftCount, "collections with pauses" + evidence);
            assertTrue(Math.abs(weftSum - logSum) <= 0.05 * logSum,
                    "Weft " + weftSum + " s vs GC log " + logSum + " s over " + logCount + " collections" + evidence);

            app.send("exit 0");
            assertEquals(0, app.waitFor());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void slowLockAcquisitionsAreJfrEventsWithTheLineThatWaited(Jdk jdk, @TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("rec.jfr");
        Matcher m;
        int port = ChildJvm.freePort();
        String contention = "http://127.0.0.1:" + port + "/contention";
        String text;
        String json;
        String collapsed;
        try (ChildJvm app = ChildJvm.of(jdk, APP).agent("port=" + port + ",lock.event.threshold=5ms")
                .jvmArg("-XX:StartFlightRecording=filename=" + jfr + ",dumponexit=true").start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            int from = app.outSize();
            app.send("lock 4 20 10000 5000");
            m = match(app.awaitOut(l -> l.startsWith("lock "), from),
                    "lock waitNanos=\\d+ acquisitions=\\d+ slow=(\\d+) slowWaitNanos=(\\d+)");
            text = Http.get(contention, "text/plain").body();
            json = Http.get(contention + "?format=json", "application/json").body();
            collapsed = Http.get(contention + "?format=collapsed", "text/plain").body();
            app.send("exit 0");
            assertEquals(0, app.waitFor());
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals("dev.weft.LockContention")).toList();
        // 4 threads, 20 acquisitions each, 10 ms holds: most acquisitions wait 10-30 ms. The events
        // are the acquisitions the application saw waiting at least 5 ms (up to the few whose wait
        // was within a hair of the threshold, where the two clocks may disagree).
        long appSlow = Long.parseLong(m.group(1));
        double appSlowWait = Long.parseLong(m.group(2)) / 1e9;
        double eventsWait = events.stream().mapToLong(e -> e.getDuration("waited").toNanos()).sum() / 1e9;
        assertTrue(appSlow >= 10, "the scenario did not contend: " + m.group());
        assertTrue(Math.abs(events.size() - appSlow) <= Math.max(2, appSlow / 10),
                events.size() + " events vs " + appSlow + " slow acquisitions measured by the application");
        assertTrue(Math.abs(eventsWait - appSlowWait) <= 0.10 * appSlowWait,
                "events " + eventsWait + " s vs application " + appSlowWait + " s");
        for (RecordedEvent e : events) {
            assertEquals("java.util.concurrent.locks.ReentrantLock$NonfairSync", e.getClass("lockClass").getName());
            assertEquals("reentrant_lock", e.getString("kind"));
            assertTrue(e.getDuration("waited").toMillis() >= 5, e.toString());
            RecordedFrame line = e.getStackTrace().getFrames().stream()
                    .filter(f -> !f.getMethod().getType().getName().startsWith("java.util.concurrent.")
                            && !f.getMethod().getType().getName().startsWith("dev.weft.exporter.")
                            && !f.getMethod().getType().getName().startsWith("dev.weft.instrumentation.")
                            && !f.getMethod().getType().getName().startsWith("java.lang.WeftLockBridge"))
                    .findFirst().orElseThrow();
            assertTrue(line.getMethod().getType().getName().equals("dev.weft.testapps.WaitsApp")
                    && line.getMethod().getName().startsWith("lambda$lock$") && line.getLineNumber() > 0,
                    "first frame below the lock: " + line.getMethod().getType().getName() + "."
                            + line.getMethod().getName() + ":" + line.getLineNumber());
        }
        assertEquals("Lock Contention (j.u.c.)", events.get(0).getEventType().getLabel());

        // /contention: the same slow acquisitions, by acquiring stack, in three formats.
        assertTrue(text.startsWith("Contended java.util.concurrent lock acquisitions that waited at least 5ms"), text);
        assertTrue(text.contains("  reentrant_lock  java.util.concurrent.locks.ReentrantLock$NonfairSync\n"
                + "    at dev.weft.testapps.WaitsApp.lambda$lock$"), text);
        Matcher counts = Pattern.compile("\"count\":(\\d+)").matcher(json);
        long attributed = 0;
        while (counts.find()) {
            attributed += Long.parseLong(counts.group(1));
        }
        assertTrue(attributed <= events.size() && attributed >= events.size() - 2,
                attributed + " attributed vs " + events.size() + " events:\n" + json);
        String top = collapsed.lines().findFirst().orElseThrow();
        assertTrue(top.matches(".*;dev\\.weft\\.testapps\\.WaitsApp\\.lambda\\$lock\\$\\d+\\(WaitsApp\\.java:\\d+\\)"
                + ";java\\.util\\.concurrent\\.locks\\.ReentrantLock\\$NonfairSync \\d+"), top);
    }

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void withoutJfrGcPausesComeFromGcNotifications(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String metrics = "http://127.0.0.1:" + port + "/metrics";
        try (ChildJvm app = ChildJvm.of(jdk, APP).agent("port=" + port).jvmArg("-XX:-FlightRecorder").start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            threeSystemGcsSeenThroughNotifications(app, metrics);
            app.send("exit 0");
            assertEquals(0, app.waitFor());
            assertTrue(app.weftLines().stream().anyMatch(l -> l.startsWith("weft: JFR is not available")),
                    app.err().toString());
        }
    }

    /**
     * {@code jfr.stream=false}: no JFR stream (no weft-jfr thread, no recording the agent started), GC
     * pauses from GC notifications, no warning (it is a choice, not a failure).
     */
    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void jfrStreamOffLeavesJfrAloneAndCountsGcPausesFromNotifications(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String metrics = "http://127.0.0.1:" + port + "/metrics";
        try (ChildJvm app = ChildJvm.of(jdk, APP).agent("port=" + port + ",jfr.stream=false").start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            String text = threeSystemGcsSeenThroughNotifications(app, metrics);
            assertTrue(text.lines().noneMatch(l -> l.startsWith("jvm_threads_pool_current{pool=\"weft-jfr\"}")
                    && !l.endsWith(" 0.0")), "no weft-jfr thread:\n" + text);
            String index = Http.awaitOk("http://127.0.0.1:" + port + "/", DEADLINE);
            assertTrue(index.contains("off (jfr.stream=false)"), index);
            app.send("exit 0");
            assertEquals(0, app.waitFor());
            assertEquals(1, app.weftLines().size(), "only the start-up line: " + app.err());
        }
    }

    /** Runs three {@code System.gc()} in the app and polls until the scrape counts them; the last scrape. */
    private static String threeSystemGcsSeenThroughNotifications(ChildJvm app, String metrics) throws Exception {
        int from = app.outSize();
        app.send("gc 3 0");
        app.awaitOut(l -> l.equals("gc done"), from);
        long end = System.nanoTime() + DEADLINE.toNanos();
        String text;
        double systemGcs;
        do {
            text = Http.awaitOk(metrics, DEADLINE);
            systemGcs = systemGcCount(text);
        } while (systemGcs < 3 && System.nanoTime() < end && sleep(100));
        assertEquals(3.0, systemGcs, "System.gc() collections seen through GC notifications");
        return text;
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    /** GC id → total pause milliseconds of that collection, from {@code -Xlog:gc} lines. */
    private static Map<Integer, Double> pauses(Path log) throws IOException {
        Pattern p = Pattern.compile("GC\\((\\d+)\\) (?:[YyOo]: )?Pause .* (\\d+\\.\\d+)ms$");
        Map<Integer, Double> out = new LinkedHashMap<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log)) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                out.merge(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return out;
    }

    /** Ids of the collections with pauses that some log line of theirs says System.gc() started. */
    private static java.util.Set<Integer> systemGcIds(Path log) throws IOException {
        Pattern p = Pattern.compile("GC\\((\\d+)\\) .*\\(System\\.gc\\(\\)\\)");
        java.util.Set<Integer> ids = new java.util.TreeSet<>();
        for (String l : Files.readAllLines(log)) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                ids.add(Integer.parseInt(m.group(1)));
            }
        }
        ids.retainAll(pauses(log).keySet());
        return ids;
    }

    private static int systemGcLines(Path log) throws IOException {
        return systemGcIds(log).size();
    }

    /** Whether the latest collection with pauses is a System.gc() one. */
    private static boolean lastPauseIsSystemGc(Path log) throws IOException {
        int last = pauses(log).keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        return systemGcIds(log).contains(last);
    }

    private static String pauseLines(String text) {
        StringBuilder sb = new StringBuilder();
        for (String l : text.split("\n")) {
            if (l.startsWith("jvm_gc_pause_seconds_count") || l.startsWith("jvm_gc_pause_seconds_sum")) {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }

    private static double gcCount(String text) {
        return sumOf(text, "jvm_gc_pause_seconds_count");
    }

    private static double systemGcCount(String text) {
        Matcher m = Pattern.compile("(?m)^jvm_gc_pause_seconds_count\\{[^}]*cause=\"System.gc\\(\\)\"[^}]*\\} ([0-9.eE+-]+)$")
                .matcher(text);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static double gcSum(String text) {
        return sumOf(text, "jvm_gc_pause_seconds_sum");
    }

    /** Sum over every series of a family member, e.g. all {@code jvm_gc_pause_seconds_count}. */
    private static double sumOf(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*\\} ([0-9.eE+-]+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** The value of one labelled sample, e.g. {@code x_sum{kind="monitor"}}. */
    private static double sample(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    private static Matcher match(String line, String regex) {
        Matcher m = Pattern.compile(regex).matcher(line);
        assertTrue(m.matches(), line);
        return m;
    }
}
