package dev.weft.exporter.prometheus;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class HangUpExperimentTest {
    @Test
    void clientHangsUpMidScrape() throws Exception {
        CountDownLatch collecting = new CountDownLatch(1);
        CountDownLatch hungUp = new CountDownLatch(1);
        List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            points.add(new GaugeSnapshot.GaugeDataPointSnapshot(i, Labels.of("i", "value-number-" + i), null));
        }
        GaugeSnapshot big = new GaugeSnapshot(new MetricMetadata("big", "big"), points);
        MultiCollector slow = () -> {
            collecting.countDown();
            try {
                hungUp.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new MetricSnapshots(big);
        };
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(slow);
        List<LogRecord> records = new ArrayList<>();
        Logger jul = Logger.getLogger("io.prometheus.metrics.exporter.httpserver.HttpExchangeAdapter");
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { synchronized (records) { records.add(r); } }
            @Override public void flush() { }
            @Override public void close() { }
        };
        jul.addHandler(h);
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, List::of)) {
            Socket s = new Socket("127.0.0.1", server.port());
            OutputStream out = s.getOutputStream();
            out.write("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            collecting.await(20, TimeUnit.SECONDS);
            s.setSoLinger(true, 0);
            s.close();
            hungUp.countDown();
            // deadline-bounded check: a follow-up request is served after the failed one
            Http.Response r = Http.get(server.port(), "/-/healthy", null);
            System.out.println("healthy after hang-up: " + r.status);
        }
        synchronized (records) {
            System.out.println("JUL records: " + records.size());
            for (LogRecord r : records) {
                System.out.println(r.getLevel() + " " + r.getMessage() + " " + r.getThrown());
            }
        }
    }
}
