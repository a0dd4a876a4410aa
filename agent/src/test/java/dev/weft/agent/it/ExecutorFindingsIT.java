package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/**
 * The pool findings of {@code ExecutorApp}: a task stuck on a pool worker (reported once, by the
 * task rule, never again by the thread rule), a pool that rejected tasks (raised with the count,
 * cleared after a quiet window), a saturated pool (raised within a deadline, cleared when it stops),
 * each naming the pool and the {@code ExecutorApp.java:line} that built it; and a healthy busy pool,
 * or a full pool whose queue does not grow, raising nothing. Also the executor JFR events, read by
 * the JDK's {@code jfr} tool and by JDK Mission Control's parser.
 */
class ExecutorFindingsIT {

    private static final String JDKS = "dev.weft.agent.it.Jdk#all";

    @ParameterizedTest
    @MethodSource(JDKS)
    void stuckTasksRejectionsAndSaturationNameThePoolAndABusyPoolRaisesNothing(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String base = "http://127.0.0.1:" + port;
        Path dir = Files.createDirectories(Path.of(System.getProperty("weft.test.scratch", "target/it-scratch")));
        Path jfc = dir.resolve("executor-events-" + jdk.feature() + ".jfc");
        Path jfr = dir.resolve("executor-events-" + jdk.feature() + ".jfr");
        Files.deleteIfExists(jfr);
        Files.writeString(jfc, JFC);
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ExecutorApp")
                .agent("port=" + port + ",monitor.interval=200ms,stuck.threshold=1s,executor.saturation.window=2s")
                .jvmArg("-XX:StartFlightRecording:settings=" + jfc).start()) {
            app.awaitOut(l -> l.equals("started"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            int from = app.outSize();
            app.send("setup");
            app.awaitOut(l -> l.equals("ready"), from);
            Map<String, String> lines = lines(app);
            from = app.outSize();
            app.send("timed 20"); // 20 tasks of about 10 ms: at the events' 10 ms threshold, every one is written
            app.awaitOut(l -> l.startsWith("timed "), from);

            // Stuck: the fixed pool's four blocked tasks, each reported once, by its task.
            String stuck = app.awaitErr(l -> l.startsWith("weft: stuck: \"fixed-worker-1\""));
            assertTrue(stuck.contains(", in one task of pool \"fixed-worker-#\" (thread_pool, built at ExecutorApp.java:"
                    + lines.get("fixed") + ")"), stuck);
            assertTrue(stuck.contains(" waiting for java.util.concurrent.CountDownLatch$Sync@"), stuck);

            // Rejected: five rejections during set-up, before the first tick.
            String rejected = app.awaitErr(l -> l.startsWith("weft: rejected: "));
            assertTrue(rejected.startsWith("weft: rejected: pool \"rejecting-worker-#\" (thread_pool, built at ExecutorApp.java:"
                    + lines.get("rejecting") + ") rejected 5 tasks since "), rejected);
            String json = Http.get(base + "/findings", null).body();
            assertTrue(json.contains("oldest running task: on \\\"rejecting-worker-1\\\""), json);
            assertTrue(json.contains("at dev.weft.testapps.ExecutorApp.setUp(ExecutorApp.java:"), json);
            app.awaitErr(l -> l.startsWith("weft: rejected cleared: pool \"rejecting-worker-#\""));

            // JFR: the periodic statistics of each pool and one task event per slow task.
            run(jdk, "jcmd", String.valueOf(app.pid()), "JFR.dump", "filename=" + jfr);
            String stats = run(jdk, "jfr", "print", "--events", "dev.weft.ExecutorStatistics", jfr.toString());
            assertTrue(Pattern.compile("name = \"fixed-worker-#\"\\s+type = \"thread_pool\"\\s+site = \"[^\"]*\"\\s+"
                    + "active = 4\\s+poolSize = 4\\s+corePoolSize = 4\\s+maximumPoolSize = 4\\s+queued = 3\\s+"
                    + "completed = 6\\s+rejected = 0").matcher(stats).find(), stats);
            String tasks = run(jdk, "jfr", "print", "--events", "dev.weft.ExecutorTask", jfr.toString());
            assertEquals(20, count(tasks, "executor = \"timed-worker-#\""), tasks);
            assertTrue(tasks.contains("queueWait = "), tasks);
            IItemCollection events = JfrLoaderToolkit.loadEvents(jfr.toFile());
            assertTrue(events.apply(ItemFilters.type("dev.weft.ExecutorStatistics")).hasItems(), "JMC reads them");
            assertTrue(events.apply(ItemFilters.type("dev.weft.ExecutorTask")).hasItems(), "JMC reads them");

            // Saturated: 2 threads fed twice what they can run.
            from = app.outSize();
            app.send("saturate");
            app.awaitOut(l -> l.equals("saturating"), from);
            String saturated = app.awaitErr(l -> l.startsWith("weft: saturated: "));
            assertTrue(saturated.startsWith("weft: saturated: pool \"saturated-worker-#\" (thread_pool, built at ExecutorApp.java:"
                    + lines(app).get("saturated") + ") saturated for "), saturated);
            assertTrue(saturated.contains(": all 2 threads busy, queue grew from "), saturated);
            String metrics = Http.get(base + "/metrics", null).body();
            assertEquals(1.0, labelled(metrics, "weft_findings_total", "kind", "saturated"));
            assertEquals(1.0, labelled(metrics, "weft_findings_total", "kind", "rejected"));
            json = Http.get(base + "/findings", null).body();
            assertTrue(json.contains("at dev.weft.testapps.ExecutorApp.sleep100(ExecutorApp.java:"), json);
            from = app.outSize();
            app.send("saturate-stop");
            app.awaitOut(l -> l.equals("saturate-stopped"), from);
            app.awaitErr(l -> l.startsWith("weft: saturated cleared: pool \"saturated-worker-#\""));

            // A healthy busy pool: bursts it keeps up with, for twice the window.
            from = app.outSize();
            app.send("busy 4000");
            app.awaitOut(l -> l.startsWith("busy-done "), from);
            // Two more monitor rounds, so that anything the busy phase raised has been reported.
            long runs = monitorRuns(base);
            long end = System.nanoTime() + ChildJvm.DEADLINE.toNanos();
            while (monitorRuns(base) < runs + 2 && System.nanoTime() < end) {
                Thread.sleep(50); // polling the monitor's round count, with a deadline
            }

            List<String> err = app.err();
            // Raised once each: the full fixed pool (queue steady at 3) and the busy one never saturated.
            assertEquals(1, err.stream().filter(l -> l.startsWith("weft: saturated: ")).count(), err.toString());
            assertEquals(1, err.stream().filter(l -> l.startsWith("weft: rejected: ")).count(), err.toString());
            for (int w = 1; w <= 4; w++) {
                String prefix = "weft: stuck: \"fixed-worker-" + w + "\"";
                assertEquals(1, err.stream().filter(l -> l.startsWith(prefix)).count(), err.toString());
            }
        }
    }

    /** The events at short intervals for the test: statistics every second, tasks of 10 ms and more. */
    private static final String JFC = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="executor events test">
              <event name="dev.weft.ExecutorStatistics">
                <setting name="enabled">true</setting>
                <setting name="period">1 s</setting>
              </event>
              <event name="dev.weft.ExecutorTask">
                <setting name="enabled">true</setting>
                <setting name="threshold">10 ms</setting>
              </event>
            </configuration>
            """;

    private static long count(String text, String needle) {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String run(Jdk jdk, String tool, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(jdk.home().resolve("bin").resolve(tool).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static long monitorRuns(String base) throws Exception {
        Matcher m = Pattern.compile("\\{\"monitorRuns\":(\\d+)").matcher(Http.get(base + "/findings", null).body());
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    private static Map<String, String> lines(ChildJvm app) throws Exception {
        int from = app.outSize();
        app.send("lines");
        String l = app.awaitOut(s -> s.startsWith("lines"), from);
        Map<String, String> out = new HashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\\d+)").matcher(l);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private static double labelled(String text, String family, String label, String value) {
        String series = family + "{" + label + "=\"" + value + "\"}";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }
}
