package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code gc.pause.threshold} finding fires for a long stop-the-world pause and names the
 * collector, the cause and the duration the JVM's own {@code -Xlog:gc} gives: a Serial full GC of a
 * live set of a million linked objects, with the threshold at 20 ms.
 */
class GcPauseFindingIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void aLongFullGcRaisesAFindingNamingCollectorCauseAndDuration(Jdk jdk, @TempDir Path dir) throws Exception {
        int port = ChildJvm.freePort();
        Path log = dir.resolve("gc.log");
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.DashboardApp").args("quiet")
                .jvmArg("-XX:+UseSerialGC", "-Xlog:gc:file=" + log)
                .agent("port=" + port + ",gc.pause.threshold=20ms,monitor.interval=200ms").start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            int from = app.outSize();
            app.send("retain 1000000");
            app.awaitOut(l -> l.equals("retained 1000000"), from);
            app.send("gc");
            app.awaitOut(l -> l.equals("gc done"), from);

            String line = app.awaitErr(l -> l.startsWith("weft: gc_pause: MarkSweepCompact stopped the world for "));
            Matcher m = Pattern.compile("weft: gc_pause: MarkSweepCompact stopped the world for (\\d+\\.\\d) ms"
                    + " \\(cause: System\\.gc\\(\\), end of major GC\\), above gc\\.pause\\.threshold=20ms").matcher(line);
            assertTrue(m.matches(), line);
            double weftMs = Double.parseDouble(m.group(1));
            double jvmMs = lastFullGcPause(log);
            assertTrue(jvmMs >= 20, "the scenario's full GC was short: " + jvmMs + " ms");
            // The same pause measured by JFR (longestPause) and by the GC log: the two clocks and the log's
            // rounding differ by well under a millisecond; 5 % + 1 ms leaves room for the log's own overhead.
            assertTrue(Math.abs(weftMs - jvmMs) <= 0.05 * jvmMs + 1, "Weft " + weftMs + " ms vs -Xlog:gc " + jvmMs + " ms");

            String metrics = Http.awaitOk("http://127.0.0.1:" + port + "/metrics", DEADLINE);
            assertTrue(Http.sample(metrics, "weft_findings_total{kind=\"gc_pause\"}") >= 1, metrics);
            String findings = Http.awaitOk("http://127.0.0.1:" + port + "/findings", DEADLINE);
            assertTrue(findings.contains("\"kind\":\"gc_pause\"") || findings.contains("\"kind\": \"gc_pause\""), findings);
            assertTrue(findings.contains("cause: System.gc()"), findings);
            // A healthy busy JVM raises no other threshold finding meanwhile.
            assertEquals(0.0, Http.sample(metrics, "weft_findings_total{kind=\"lock_contention\"}"));
        }
    }

    /** The pause of the last {@code Pause Full (System.gc())} line, in milliseconds. */
    private static double lastFullGcPause(Path log) throws Exception {
        Pattern p = Pattern.compile("GC\\(\\d+\\) Pause Full \\(System\\.gc\\(\\)\\) .* (\\d+\\.\\d+)ms$");
        double last = -1;
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (last < 0 && System.nanoTime() < end) {
            for (String l : Files.readAllLines(log)) {
                Matcher m = p.matcher(l);
                if (m.find()) {
                    last = Double.parseDouble(m.group(1));
                }
            }
            if (last < 0) {
                Thread.sleep(100);
            }
        }
        assertTrue(last >= 0, "no full GC in " + log + ":\n" + Files.readString(log));
        return last;
    }
}
