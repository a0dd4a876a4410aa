package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent attached to real programs on every claimed JDK: output unchanged, endpoint answers,
 * numbers equal the application's own, bad input and faults each give one clear line.
 */
class AttachIT {

    private static final String JDKS = "dev.weft.agent.it.Jdk#all";
    private static final Pattern STARTUP = Pattern.compile(
            "weft \\S+: metrics at http://127\\.0\\.0\\.1:(\\d+)/metrics; (\\d+) of (\\d+) hooks active on JDK (\\d+)"
                    + " \\(ready in \\d+ ms\\)");

    private static int expectedHooks(Jdk jdk) {
        // Thread.start(), Thread.exit(); 21+: Thread.start(ThreadContainer), VirtualThread.start, afterDone
        return jdk.feature() >= 21 ? 5 : 2;
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void applicationOutputAndExitCodeAreUnchanged(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        ChildJvm plain = ChildJvm.of(jdk, "dev.weft.testapps.HelloWorld").args("3").start();
        int plainCode = plain.waitFor();
        ChildJvm agent = ChildJvm.of(jdk, "dev.weft.testapps.HelloWorld").agent("port=" + port).args("3").start();
        int agentCode = agent.waitFor();

        assertEquals(3, plainCode);
        assertEquals(plainCode, agentCode);
        assertEquals(plain.out(), agent.out());
        // stderr: the application's own line, and at most the start-up line (the program may end
        // before the agent is ready). No JVM warnings: no CDS "Sharing is only supported" line,
        // no sun.misc.Unsafe warnings.
        List<String> extra = new ArrayList<>(agent.err());
        extra.removeAll(plain.err());
        assertTrue(extra.size() <= 1, "unexpected stderr: " + extra);
        for (String l : extra) {
            assertTrue(STARTUP.matcher(l).matches(), "unexpected stderr line: " + l);
        }
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void startupLineReportsEveryHookActiveAndNoWarnings(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp").agent("port=" + port).start()) {
            app.awaitOut(l -> l.startsWith("ready"));
            String line = app.awaitErr(l -> l.startsWith("weft "));
            var m = STARTUP.matcher(line);
            assertTrue(m.matches(), line);
            assertEquals(String.valueOf(port), m.group(1));
            assertEquals(String.valueOf(expectedHooks(jdk)), m.group(2));
            assertEquals(m.group(3), m.group(2));
            assertEquals(String.valueOf(jdk.feature()), m.group(4));
            app.send("exit 0");
            assertEquals(0, app.waitFor());
            assertEquals(List.of(line), app.err(), "the start-up line is the agent's only output");
        }
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void threadGaugesEqualTheApplicationsOwnThreadMXBean(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String url = "http://127.0.0.1:" + port + "/metrics";
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp").agent("port=" + port)
                .args("30").start()) {
            app.awaitOut(l -> l.startsWith("ready"));
            app.awaitErr(l -> l.startsWith("weft "));
            Http.awaitOk(url, ChildJvm.DEADLINE);
            // Compare at a moment when nothing starts or ends: the application's count just before
            // and just after the scrape must agree with each other and with the scrape.
            long end = System.nanoTime() + ChildJvm.DEADLINE.toNanos();
            String mismatch = null;
            while (System.nanoTime() < end) {
                long before = count(app);
                double scraped = Http.sample(Http.get(url, null).body(), "jvm_threads_current");
                long after = count(app);
                if (before == after) {
                    assertEquals(before, (long) scraped, "jvm_threads_current vs ThreadMXBean.getThreadCount()");
                    assertTrue(before >= 30 + 4, "the parked threads and the pool are counted: " + before);
                    mismatch = null;
                    break;
                }
                mismatch = "count moved from " + before + " to " + after;
            }
            assertEquals(null, mismatch);
        }
    }

    private static long count(ChildJvm app) throws Exception {
        int from = app.outSize();
        app.send("count");
        String line = app.awaitOut(l -> l.startsWith("count "), from);
        return Long.parseLong(line.substring("count ".length()));
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void endpointsNegotiateFormatsAndPassPromtool(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String base = "http://127.0.0.1:" + port;
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp").agent("port=" + port).start()) {
            app.awaitOut(l -> l.startsWith("ready"));
            app.awaitErr(l -> l.startsWith("weft "));
            String text = Http.awaitOk(base + "/metrics", ChildJvm.DEADLINE);
            for (String family : List.of("jvm_threads_current", "jvm_threads_daemon", "jvm_threads_peak",
                    "jvm_threads_started_total", "jvm_gc_collection_seconds_count", "weft_internal_errors_total")) {
                assertTrue(Pattern.compile("(?m)^" + family + "[ {]").matcher(text).find(), family + " in\n" + text);
            }
            for (String state : List.of("NEW", "RUNNABLE", "BLOCKED", "WAITING", "TIMED_WAITING", "TERMINATED",
                    "UNKNOWN")) {
                assertTrue(text.contains("jvm_threads_state{state=\"" + state + "\"}"), state);
            }
            assertTrue(Pattern.compile("(?m)^weft_info\\{.*version=\"[^\"]+\".*} 1").matcher(text).find(), text);
            assertFalse(text.contains("_created"), "no _created series");
            assertEquals(0.0, Http.sample(text, "weft_internal_errors_total"));

            HttpResponse<String> om = Http.get(base + "/metrics", "application/openmetrics-text; version=1.0.0");
            assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
            assertTrue(om.body().endsWith("# EOF\n"));

            HttpResponse<byte[]> pb = Http.getBytes(base + "/metrics",
                    "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
            assertTrue(pb.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.google.protobuf"));
            assertTrue(pb.body().length > 100);

            assertEquals(200, Http.get(base + "/-/healthy", null).statusCode());
            HttpResponse<String> index = Http.get(base + "/", null);
            assertEquals(200, index.statusCode());
            assertTrue(index.body().contains("/metrics"), index.body());
            assertTrue(index.body().contains(expectedHooks(jdk) + " of " + expectedHooks(jdk) + " hooks active"),
                    index.body());

            promtool(text);
        }
    }

    private static void promtool(String text) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            String msg = "SKIPPED promtool check: /usr/bin/promtool missing (apt-get install prometheus)";
            System.err.println("!!!!! " + msg);
            Assumptions.abort(msg);
        }
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertEquals("", output.trim(), "promtool lint findings");
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void badConfigurationGivesOneLineEachAndTheAppKeepsItsExitCode(Jdk jdk) throws Exception {
        ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.HelloWorld")
                .agent("port=abc,bogus=1,quiet=true").args("7").start();
        assertEquals(7, app.waitFor());
        assertEquals(List.of("hello, world"), app.out());
        List<String> weft = app.weftLines();
        assertEquals(2, weft.size(), String.valueOf(app.err()));
        assertTrue(weft.stream().anyMatch(l -> l.contains("port=abc") && l.contains("0 to 65535")), weft.toString());
        assertTrue(weft.stream().anyMatch(l -> l.contains("bogus=1") && l.contains("unknown key")), weft.toString());
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void unreadableConfigFileIsOneLine(Jdk jdk) throws Exception {
        ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.HelloWorld")
                .agent("config=/nonexistent/weft.properties,quiet=true").start();
        assertEquals(0, app.waitFor());
        List<String> weft = app.weftLines();
        assertEquals(1, weft.size(), String.valueOf(app.err()));
        assertTrue(weft.get(0).contains("/nonexistent/weft.properties"), weft.get(0));
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void portInUseIsOneWarningAndTheRestWorks(Jdk jdk) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp").agent("port=" + port).start()) {
                app.awaitOut(l -> l.startsWith("ready"));
                String warning = app.awaitErr(l -> l.startsWith("weft: ") && l.contains(String.valueOf(port)));
                String startup = app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
                assertTrue(startup.contains(expectedHooks(jdk) + " of " + expectedHooks(jdk)), startup);
                assertTrue(count(app) > 0, "the application still answers");
                app.send("exit 5");
                assertEquals(5, app.waitFor());
                assertEquals(List.of(warning, startup), app.weftLines());
            }
        }
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void withoutJfrOneWarningAndMetricsStillServed(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp").agent("port=" + port)
                .jvmArg("-XX:-FlightRecorder").start()) {
            app.awaitOut(l -> l.startsWith("ready"));
            String startup = app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            String text = Http.awaitOk("http://127.0.0.1:" + port + "/metrics", ChildJvm.DEADLINE);
            assertTrue(Http.sample(text, "jvm_threads_current") > 0);
            List<String> weft = app.weftLines();
            assertEquals(2, weft.size(), weft.toString());
            assertTrue(weft.get(0).startsWith("weft: JFR is not available"), weft.toString());
            assertEquals(startup, weft.get(1));
        }
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void unwritableTempDirectoryChangesNothing(Jdk jdk) throws Exception {
        // The agent writes no temporary files (the bridge is defined from memory, not from a temp
        // jar), so an unusable java.io.tmpdir must not matter at all.
        int port = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp").agent("port=" + port)
                .jvmArg("-Djava.io.tmpdir=/nonexistent/tmp").start()) {
            app.awaitOut(l -> l.startsWith("ready"));
            String startup = app.awaitErr(l -> l.startsWith("weft "));
            assertTrue(STARTUP.matcher(startup).matches(), startup);
            Http.awaitOk("http://127.0.0.1:" + port + "/metrics", ChildJvm.DEADLINE);
            app.send("exit 0");
            app.waitFor();
            // JDK 25 itself warns "java.io.tmpdir directory does not exist"; the agent adds nothing.
            assertEquals(List.of(startup), app.weftLines(), app.err().toString());
        }
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void quietSilencesTheStartupLine(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp").agent("port=" + port + ",quiet=true")
                .start()) {
            app.awaitOut(l -> l.startsWith("ready"));
            String index = Http.awaitOk("http://127.0.0.1:" + port + "/", ChildJvm.DEADLINE);
            assertTrue(index.contains("hooks active"), index);
            app.send("exit 0");
            app.waitFor();
            assertEquals(List.of(), app.err());
        }
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void portZeroServesNothing(Jdk jdk) throws Exception {
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp").agent("port=0").start()) {
            app.awaitOut(l -> l.startsWith("ready"));
            String line = app.awaitErr(l -> l.startsWith("weft "));
            assertTrue(line.contains("HTTP endpoint off (port=0)"), line);
            assertTrue(line.contains(expectedHooks(jdk) + " of " + expectedHooks(jdk) + " hooks active"), line);
        }
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void applicationWithItsOwnByteBuddyPrometheusAndHdrHistogram(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.BundledLibsApp").withAppLibs()
                .agent("port=" + port).args("0").start()) {
            String ready = app.awaitOut(l -> l.startsWith("ready"));
            assertTrue(ready.contains("bytebuddy=1.14.18 generated=from-app-bytebuddy p50=50"), ready);
            int appPort = Integer.parseInt(ready.replaceAll(".*app-port=(\\d+).*", "$1"));
            app.awaitErr(l -> l.startsWith("weft "));

            String appText = Http.awaitOk("http://127.0.0.1:" + appPort + "/metrics", ChildJvm.DEADLINE);
            assertTrue(appText.contains("app_requests_total 7.0"), appText);
            assertFalse(appText.contains("weft_"), "the agent never registers in the application's registry");

            String weftText = Http.awaitOk("http://127.0.0.1:" + port + "/metrics", ChildJvm.DEADLINE);
            assertTrue(weftText.contains("jvm_threads_current"), weftText);
            assertFalse(weftText.contains("app_requests"), "the application's metrics stay in its own registry");
            app.send("exit 0");
            assertEquals(0, app.waitFor());
            assertEquals(1, app.weftLines().size(), app.err().toString());
        }
    }
}
