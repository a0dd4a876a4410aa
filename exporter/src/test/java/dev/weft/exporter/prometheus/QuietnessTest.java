package dev.weft.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bridge.WeftBridge;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing the server does may show up on the application's stdout/stderr: no JUL records (which
 * the default configuration prints from INFO up, including the JDK server's own
 * {@code System.Logger} output), nothing written to {@code System.out}/{@code System.err}.
 * client_java 1.8.0's {@code HTTPServer} failed both cases below.
 */
class QuietnessTest {

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.INFO.intValue()) {
                synchronized (records) {
                    records.add(r);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger root = Logger.getLogger("");
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        root.addHandler(capture);
        savedOut = System.out;
        savedErr = System.err;
        PrintStream both = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        root.removeHandler(capture);
    }

    private void assertNothingPrintedOrLogged() {
        synchronized (records) {
            assertEquals(List.of(), records.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage())
                    .collect(java.util.stream.Collectors.toList()));
        }
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aScraperThatHangsUpMidResponseIsIgnoredSilently() throws Exception {
        CountDownLatch collecting = new CountDownLatch(1);
        CountDownLatch hungUp = new CountDownLatch(1);
        CountDownLatch collected = new CountDownLatch(1);
        List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) { // several MB: the write cannot fit in socket buffers
            points.add(new GaugeSnapshot.GaugeDataPointSnapshot(i, Labels.of("i", "value-number-" + i), null));
        }
        MetricSnapshots big = new MetricSnapshots(new GaugeSnapshot(new MetricMetadata("big", "Big."), points));
        MultiCollector slow = () -> {
            collecting.countDown();
            try {
                hungUp.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            collected.countDown();
            return big;
        };
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(slow);
        long errorsBefore = WeftBridge.internalErrors();

        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, List::of)) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                OutputStream out = s.getOutputStream();
                out.write("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertTrue(collecting.await(20, TimeUnit.SECONDS), "scrape started");
                s.setSoLinger(true, 0); // reset, so that the server's writes fail
            }
            hungUp.countDown();
            assertTrue(collected.await(20, TimeUnit.SECONDS));
            // The failed exchange has finished once its thread takes the next request; with one
            // thread busy at most, a few sequential requests are enough to see the server is fine.
            for (int i = 0; i < MetricsServer.MAX_THREADS + 1; i++) {
                assertEquals(200, Http.get(server.port(), "/-/healthy", null).status);
            }
        }
        assertNothingPrintedOrLogged();
        assertEquals(errorsBefore, WeftBridge.internalErrors(), "a client hanging up is not an agent failure");
    }

    @Test
    void headRequestsLogNothing() throws Exception {
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, MetricsServerTest.defaultsRegistry(), List::of)) {
            for (String path : new String[] {"/-/healthy", "/metrics", "/", "/nope"}) {
                Http.Response r = Http.request("HEAD", server.port(), path, null);
                assertEquals("/nope".equals(path) ? 404 : 200, r.status, path);
                assertEquals(0, r.body.length, path);
            }
        }
        assertNothingPrintedOrLogged();
    }

    @Test
    void oddRequestsLogNothing() throws Exception {
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, MetricsServerTest.defaultsRegistry(), List::of)) {
            assertEquals(404, Http.get(server.port(), "/metricsfoo", null).status);
            assertEquals(404, Http.get(server.port(), "/-/healthy/more", null).status);
            Http.Response debug = Http.get(server.port(), "/metrics?debug=nonsense", null);
            assertEquals(500, debug.status, debug::toString); // client_java's answer to an unknown debug view
            assertTrue(debug.text().contains("Unsupported query parameter"), debug::toString);
            assertEquals(405, Http.request("DELETE", server.port(), "/", null).status);
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(Http.TIMEOUT_MILLIS);
                s.getOutputStream().write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.getInputStream().readAllBytes(); // the server answers 400 or closes; either way it ends
            }
            assertEquals(200, Http.get(server.port(), "/-/healthy", null).status);
        }
        assertNothingPrintedOrLogged();
    }
}
