package dev.weft.exporter.prometheus;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeadExperimentTest {
    @Test
    void head() throws Exception {
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, MetricsServerTest.defaultsRegistry(), List::of)) {
            System.out.println("HEAD healthy: " + Http.request("HEAD", server.port(), "/-/healthy", null).status);
            System.out.println("HEAD metrics: " + Http.request("HEAD", server.port(), "/metrics", null).status);
        }
    }
}
