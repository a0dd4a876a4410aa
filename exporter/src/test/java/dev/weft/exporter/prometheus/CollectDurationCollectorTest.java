package dev.weft.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CollectDurationCollectorTest {

    private final Fakes.Errors errors = new Fakes.Errors();

    /** A collector that takes at least 20 ms (busy, so that no clock or scheduler rounding shortens it). */
    static final class SlowTwentyMillisCollector extends GuardedCollector {
        SlowTwentyMillisCollector(Runnable onError) {
            super(onError, List.of());
        }

        @Override
        void collectInto(List<MetricSnapshot> out) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void eachCollectorsLatestDurationIsExportedUnderItsKey() {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new SlowTwentyMillisCollector(errors));
        registry.register(new CollectDurationCollector(errors));
        Fakes.text(registry::scrape); // the first scrape records; the second shows it
        String text = Fakes.text(registry::scrape);

        assertTrue(text.contains("# HELP weft_collect_duration_seconds Seconds each Weft collector took in its most"
                + " recent collection\n# TYPE weft_collect_duration_seconds gauge\n"), text);
        double slow = sample(text, "weft_collect_duration_seconds{collector=\"slow_twenty_millis\"}");
        assertTrue(slow >= 0.020 && slow < 10, "the slow collector took " + slow + " s");
        assertTrue(sample(text, "weft_collect_duration_seconds{collector=\"collect_duration\"}") >= 0, text);
        assertEquals(0, errors.get());
    }

    private static double sample(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .orElseThrow(() -> new AssertionError("no " + series + " in\n" + text));
    }

    @Test
    void keysAreSnakeCaseWithoutTheSuffix() {
        assertEquals("jvm_threads", CollectTimes.key("JvmThreadsCollector"));
        assertEquals("jvm_gc", CollectTimes.key("JvmGcCollector"));
        assertEquals("weft_self", CollectTimes.key("WeftSelfCollector"));
        assertEquals("http_io", CollectTimes.key("HTTPIo"));
        assertEquals("anonymous", CollectTimes.key(""));
        assertEquals("anonymous", CollectTimes.key("Collector"));
    }
}
