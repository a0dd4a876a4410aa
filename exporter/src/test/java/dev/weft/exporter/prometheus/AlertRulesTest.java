package dev.weft.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules ({@code exporter/prometheus/weft-alerts.yml}): {@code promtool check
 * rules} accepts them, and {@code promtool test rules} proves that every alert fires on a synthetic
 * unhealthy series and stays silent on a healthy busy one. Skipped, loudly, without promtool.
 */
class AlertRulesTest {

    private static final Path DIR = Path.of("prometheus");

    private static String promtool(String... args) throws Exception {
        Path promtool = PromtoolTest.promtool();
        if (promtool == null) {
            System.err.println("WARNING: SKIPPED " + PromtoolTest.INSTALL_HINT);
            Assumptions.abort(PromtoolTest.INSTALL_HINT);
        }
        String[] cmd = new String[args.length + 1];
        cmd[0] = promtool.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("promtool did not finish within 60 s");
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void rulesAreValid() throws Exception {
        String out = promtool("check", "rules", "weft-alerts.yml");
        assertTrue(out.contains("SUCCESS: 12 rules found"), out);
    }

    @Test
    void everyAlertFiresWhenItShouldAndOnlyThen() throws Exception {
        String out = promtool("test", "rules", "weft-alerts.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }
}
