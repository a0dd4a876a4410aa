package dev.weft.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promtool check metrics} on what the server really serves, in text format 0.0.4 (promtool
 * 2.42 cannot lint OpenMetrics: it rejects the {@code info} type). Skipped, loudly, without
 * promtool.
 */
class PromtoolTest {

    static final String INSTALL_HINT = "promtool not found (looked at /usr/bin/promtool and on PATH, or -Dweft.test.promtool): "
            + "`promtool check metrics` was NOT run; install it with `apt-get install prometheus`";

    @TempDir
    Path tmp;

    static Path promtool() {
        String override = System.getProperty("weft.test.promtool"); // to try the skip path
        if (override != null) {
            return Files.isExecutable(Path.of(override)) ? Path.of(override) : null;
        }
        Path usual = Path.of("/usr/bin/promtool");
        if (Files.isExecutable(usual)) {
            return usual;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "promtool");
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    @Test
    void checkMetricsIsCleanOnTheRealTextOutput() throws Exception {
        Path promtool = promtool();
        if (promtool == null) {
            System.err.println("WARNING: SKIPPED " + INSTALL_HINT);
            Assumptions.abort(INSTALL_HINT);
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmCollectors.registerDefaults(registry, "0.1.0-test");
        dev.weft.instrumentation.ledger.Ledger ledger = new dev.weft.instrumentation.ledger.Ledger();
        ledger.locks().recordMonitor(25_000_000);
        ledger.locks().recordWait(dev.weft.instrumentation.ledger.LockLedger.SLEEP, 30_000_000);
        ledger.gcPauses().record("G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 2_000_000);
        JvmCollectors.registerWaits(registry, ledger);
        String body;
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, List::of)) {
            Http.Response r = Http.get(server.port(), "/metrics", MetricsServerTest.ACCEPT_TEXT);
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("Content-Type"));
            body = r.text();
        }
        assertTrue(body.contains("jvm_threads_state{state=\"UNKNOWN\"}"), body);
        assertTrue(body.contains("jvm_lock_contention_seconds_bucket{kind=\"monitor\",le=\"0.05\"} 1"), body);
        assertTrue(body.contains("jvm_lock_wait_seconds_max{kind=\"sleep\"} 0.03"), body);
        assertTrue(body.contains("jvm_gc_pause_seconds_count{"), body);
        Path input = Files.writeString(tmp.resolve("scrape.prom"), body, StandardCharsets.UTF_8);
        Path output = tmp.resolve("promtool.out");

        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(input.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("promtool did not finish within 60 s");
        }
        String lint = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "promtool check metrics failed:\n" + lint + "\non:\n" + body);
        assertEquals("", lint.strip(), () -> "promtool lint output:\n" + lint + "\non:\n" + body);
    }
}
