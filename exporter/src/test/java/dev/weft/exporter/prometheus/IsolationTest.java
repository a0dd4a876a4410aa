package dev.weft.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's client_java settings must not change Weft's server. client_java reads them
 * once per JVM (a static singleton), so each case runs {@link IsolationMain} in a child JVM.
 */
class IsolationTest {

    @TempDir
    Path tmp;

    private String runChild(List<String> jvmArgs, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(IsolationMain.class.getName());
        command.addAll(List.of(args));
        Path output = tmp.resolve("child-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("child JVM did not finish within 60 s: " + command);
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void applicationSystemPropertiesDoNotChangePortOrOutput() throws Exception {
        try (ServerSocket appPort = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int taken = appPort.getLocalPort();
            String out = runChild(List.of(
                    "-Dio.prometheus.exporter.httpServer.port=" + taken,
                    "-Dio.prometheus.exporter.includeCreatedTimestamps=true",
                    "-Dio.prometheus.exporter.filter.metricNameMustBeEqualTo=nothing_at_all"));

            assertTrue(out.startsWith("OK port="), out);
            assertFalse(out.startsWith("OK port=" + taken + "\n"), out);
            assertTrue(out.contains("status=200\n"), out);
            assertTrue(out.contains("created=false\n"), out);
            // client_java's HTTPServer sets these JVM-wide on first use; Weft undoes it.
            assertTrue(out.contains("maxReqTime=null\n"), out);
            assertTrue(out.contains("maxRspTime=null\n"), out);
            assertFalse(out.contains("Exception"), out);
        }
    }

    @Test
    void prometheusPropertiesOnTheApplicationsContextClassLoaderAreNotRead() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("app-resources"));
        // Read from the context class loader, this unknown key would make client_java's
        // configuration class fail to initialise.
        Files.writeString(dir.resolve("prometheus.properties"), "io.prometheus.not_a_real_key=1\n");

        String out = runChild(List.of(), "tccl-dir=" + dir);

        assertTrue(out.startsWith("OK port="), out);
        assertTrue(out.contains("status=200\n"), out);
    }

    @Test
    void anApplicationSettingClientJavaRejectsGivesOneClearLine() throws Exception {
        String out = runChild(List.of("-Dio.prometheus.not_a_real_key=1"));

        assertEquals("FAILED weft: cannot serve metrics on 127.0.0.1:0: the Prometheus client could not initialise:"
                + " io.prometheus.not_a_real_key: Unknown property\n", out);
    }
}
