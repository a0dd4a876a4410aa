package dev.weft.exporter.prometheus;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Child-JVM program for {@link IsolationTest}: plays the application (its system properties and
 * context class loader) and starts Weft's server, printing what it observed.
 */
public final class IsolationMain {

    private IsolationMain() {
    }

    /** @param args optionally {@code tccl-dir=<dir>}: a directory put on the context class loader */
    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (arg.startsWith("tccl-dir=")) {
                URL dir = Path.of(arg.substring("tccl-dir=".length())).toUri().toURL();
                Thread.currentThread().setContextClassLoader(
                        new URLClassLoader(new URL[] {dir}, IsolationMain.class.getClassLoader()));
            }
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmCollectors.registerDefaults(registry, "child");
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, List::of)) {
            Http.Response r = Http.get(server.port(), "/metrics", MetricsServerTest.ACCEPT_TEXT);
            System.out.println("OK port=" + server.port());
            System.out.println("status=" + r.status);
            System.out.println("created=" + r.text().contains("_created"));
            System.out.println("maxReqTime=" + System.getProperty("sun.net.httpserver.maxReqTime"));
            System.out.println("maxRspTime=" + System.getProperty("sun.net.httpserver.maxRspTime"));
        } catch (IOException e) {
            System.out.println("FAILED " + e.getMessage());
        }
    }
}
