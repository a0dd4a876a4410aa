package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The monitor's detectors on real programs: each scenario raises the right finding, naming the right
 * {@code File.java:line}, within a deadline; a healthy busy service raises nothing.
 */
class FindingsIT {

    private static final String JDKS = "dev.weft.agent.it.Jdk#all";
    private static final String FAST = "monitor.interval=100ms,deadlock.interval=200ms";

    @ParameterizedTest
    @MethodSource(JDKS)
    void lockOrderDeadlocksWithReentrantLockAndSynchronizedAreReportedWithTheirLines(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String base = "http://127.0.0.1:" + port;
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.DeadlockApp").agent("port=" + port + "," + FAST)
                .start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            for (String kind : List.of("lock", "sync")) {
                app.send("deadlock " + kind);
                String a = waitsAt(app.awaitOut(l -> l.startsWith("dl-" + kind + "-a waits at ")));
                String b = waitsAt(app.awaitOut(l -> l.startsWith("dl-" + kind + "-b waits at ")));
                String summary = app.awaitErr(l -> l.startsWith("weft: deadlock: ") && l.contains("dl-" + kind));
                assertTrue(summary.contains("\"dl-" + kind + "-a\" waits at " + a + " for "), summary);
                assertTrue(summary.contains("\"dl-" + kind + "-b\" waits at " + b + " for "), summary);
                assertTrue(summary.contains("held by \"dl-" + kind + "-b\""), summary);
                assertTrue(summary.contains("held by \"dl-" + kind + "-a\""), summary);
                if (kind.equals("lock")) {
                    assertTrue(summary.contains("java.util.concurrent.locks.ReentrantLock$NonfairSync@"), summary);
                }
                String json = Http.get(base + "/findings", null).body();
                assertTrue(json.contains("\"kind\":\"deadlock\""), json);
                assertTrue(json.contains("\"location\":\"" + a + "\""), json);
            }
            // Details follow the summary, indented: the stacks with the waiting line.
            assertTrue(app.err().stream().anyMatch(l -> l.startsWith("      at dev.weft.testapps.DeadlockApp.")),
                    app.err().toString());
            String metrics = Http.get(base + "/metrics", null).body();
            assertEquals(4.0, Http.sample(metrics, "jvm_threads_deadlocked"));
            assertEquals(2.0, Http.sample(metrics, "jvm_threads_deadlocked_monitor"));
            assertEquals(2.0, labelled(metrics, "weft_findings_total", "kind", "deadlock"));
            // Raised once each, however many times the detector ran since.
            assertEquals(2, app.err().stream().filter(l -> l.startsWith("weft: deadlock: ")).count(),
                    app.err().toString());
        }
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void executorPerRequestLeakIsReportedAtItsCreationSiteAndClearsWhenItStops(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String base = "http://127.0.0.1:" + port;
        Path jfr = Files.createTempFile("weft-leak-", ".jfr");
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.LeakApp")
                .agent("port=" + port + ",monitor.interval=200ms,leak.window=2s,threads.max=150")
                .jvmArg("-XX:StartFlightRecording").start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            app.send("leak");
            String line = app.awaitOut(l -> l.startsWith("leaking site="));
            String site = line.substring("leaking site=".length());
            String summary = app.awaitErr(l -> l.startsWith("weft: leak: "));
            assertTrue(summary.contains(" live threads started at " + site + " (group \"req-#\"), +"), summary);
            String count = app.awaitErr(l -> l.startsWith("weft: thread_count: "));
            assertTrue(count.contains("above threads.max=150"), count);
            String metrics = Http.get(base + "/metrics", null).body();
            assertEquals(1.0, Http.sample(metrics, "jvm_threads_leak_suspected{kind=\"threads\",pool=\"req-#\"}"));
            assertEquals(1.0, labelled(metrics, "weft_findings_total", "kind", "leak"));
            String json = Http.get(base + "/findings", null).body();
            assertTrue(json.contains("\"location\":\"" + site + "\""), json);
            assertTrue(json.contains("creation site: dev.weft.testapps.LeakApp.handle(" + site + ")"), json);

            // The JFR event, read with the child JDK's own tools.
            run(jdk, "jcmd", String.valueOf(app.pid()), "JFR.dump", "filename=" + jfr);
            String events = run(jdk, "jfr", "print", "--events", "dev.weft.Finding", jfr.toString());
            assertTrue(events.contains("location = \"" + site + "\""), events);
            assertTrue(events.contains("kind = \"leak\""), events);

            app.send("stop");
            app.awaitOut(l -> l.equals("stopped"));
            app.awaitErr(l -> l.startsWith("weft: leak cleared: ") && l.contains(site));
            String cleared = Http.get(base + "/metrics", null).body();
            assertFalse(cleared.contains("jvm_threads_leak_suspected{"), "no active leak, no series: " + cleared);
            assertTrue(Http.get(base + "/findings", null).body().matches("(?s).*\"cleared\":\\[\\{\"kind\":\"leak\".*"));
            assertEquals(1, app.err().stream().filter(l -> l.startsWith("weft: leak: ")).count(), app.err().toString());
        } finally {
            Files.deleteIfExists(jfr);
        }
    }

    private static String run(Jdk jdk, String tool, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(jdk.home().resolve("bin").resolve(tool).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void healthyBusyServiceRaisesNothing(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String base = "http://127.0.0.1:" + port;
        // Sensitive settings (windows far shorter than the defaults) make the test stricter.
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.Demo")
                // (gc.overhead.window and lock.contention.window keep their defaults: with 1 s windows, a
                // lock holder or GC thread descheduled on a loaded 2-core machine for 100 ms is "1 % of the
                // waits" — noise, not a finding; over the default 5 m it is diluted, as in the twin alerts.)
                .agent("port=" + port + ",monitor.interval=100ms,deadlock.interval=100ms,leak.window=1s,stuck.threshold=1s")
                .start()) {
            app.awaitOut(l -> l.startsWith("demo running"));
            String startup = app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            Http.awaitOk(base + "/metrics", ChildJvm.DEADLINE);
            // Deadline, not sleep: wait until the monitor has run 40 rounds (4 leak windows).
            long end = System.nanoTime() + ChildJvm.DEADLINE.toNanos();
            String json = "";
            long runs = 0;
            while (runs < 40 && System.nanoTime() < end) {
                json = Http.get(base + "/findings", null).body();
                Matcher m = Pattern.compile("\"monitorRuns\":(\\d+)").matcher(json);
                assertTrue(m.find(), json);
                runs = Long.parseLong(m.group(1));
            }
            assertTrue(runs >= 40, "monitor rounds: " + runs);
            assertTrue(json.endsWith("\"active\":[],\"cleared\":[]}"), json);
            String metrics = Http.get(base + "/metrics", null).body();
            for (String kind : List.of("deadlock", "leak", "stuck", "thread_count", "gc_pause", "gc_overhead",
                    "lock_contention")) {
                assertEquals(0.0, labelled(metrics, "weft_findings_total", "kind", kind), kind);
            }
            assertEquals(0.0, Http.sample(metrics, "weft_internal_errors_total"));
            assertEquals(List.of(startup), app.err(), "nothing but the start-up line");
        }
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void taskWaitingOnAFutureAndThreadInASocketReadAreStuck(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String base = "http://127.0.0.1:" + port;
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.StuckApp")
                .agent("port=" + port + ",monitor.interval=200ms,stuck.threshold=1s").start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            app.send("future");
            String future = waitsAt(app.awaitOut(l -> l.startsWith("future waits at ")));
            String f = app.awaitErr(l -> l.startsWith("weft: stuck: \"task-worker\""));
            assertTrue(f.contains(" at " + future + " waiting for a future that does not complete"), f);
            app.send("socket");
            String socket = waitsAt(app.awaitOut(l -> l.startsWith("socket waits at ")));
            String s = app.awaitErr(l -> l.startsWith("weft: stuck: \"socket-reader\""));
            assertTrue(s.contains(" at " + socket + " waiting for a socket read"), s);
            // The I/O hooks name the socket and when the read began.
            assertTrue(s.matches(".* waiting for a socket read on Socket\\[addr=[^,]*127\\.0\\.0\\.1,port=\\d+,localport=\\d+\\]"),
                    s);
            String metrics = Http.get(base + "/metrics", null).body();
            assertEquals(1.0, Http.sample(metrics, "jvm_threads_stuck{kind=\"future\",pool=\"task-worker\"}"));
            assertEquals(1.0, Http.sample(metrics, "jvm_threads_stuck{kind=\"socket_read\",pool=\"socket-reader\"}"));
            assertEquals(2.0, labelled(metrics, "weft_findings_total", "kind", "stuck"));
            String json = Http.get(base + "/findings", null).body();
            assertTrue(json.contains("\"location\":\"" + future + "\""), json);
            assertTrue(json.contains("\"location\":\"" + socket + "\""), json);
            assertTrue(json.contains("created at dev.weft.testapps.StuckApp.socket(StuckApp.java:"), json);
            assertTrue(json.contains("in a blocking socket_read call since "), json);
            // Only those two: the idle acceptor's peer, the JDK's threads and Weft's are not stuck.
            assertEquals(2, app.err().stream().filter(l -> l.startsWith("weft: stuck: ")).count(), app.err().toString());
        }
    }

    private static String waitsAt(String line) {
        return line.substring(line.indexOf(" waits at ") + " waits at ".length());
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
