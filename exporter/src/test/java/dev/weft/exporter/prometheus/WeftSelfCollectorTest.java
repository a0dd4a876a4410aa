package dev.weft.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bridge.WeftBridge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WeftSelfCollectorTest {

    private final Fakes.Errors errors = new Fakes.Errors();

    @Test
    void exactTextFormat() {
        WeftSelfCollector collector = new WeftSelfCollector("1.2.3", () -> 7, errors);

        assertEquals(""
                + "# HELP weft_info Weft agent information\n"
                + "# TYPE weft_info gauge\n"
                + "weft_info{version=\"1.2.3\"} 1\n"
                + "# HELP weft_internal_errors_total Failures inside the Weft agent that were counted and"
                + " swallowed so that the application never saw them\n"
                + "# TYPE weft_internal_errors_total counter\n"
                + "weft_internal_errors_total 7.0\n",
                Fakes.text(collector));
    }

    @Test
    void exactOpenMetrics() {
        WeftSelfCollector collector = new WeftSelfCollector("0.1.0-SNAPSHOT", () -> 0, errors);

        assertEquals(""
                + "# TYPE weft info\n"
                + "# HELP weft Weft agent information\n"
                + "weft_info{version=\"0.1.0-SNAPSHOT\"} 1\n"
                + "# TYPE weft_internal_errors counter\n"
                + "# HELP weft_internal_errors Failures inside the Weft agent that were counted and"
                + " swallowed so that the application never saw them\n"
                + "weft_internal_errors_total 0.0\n"
                + "# EOF\n",
                Fakes.openMetrics(collector));
    }

    @Test
    void missingVersionIsUnknownAndOddCharactersAreEscaped() {
        assertTrue(Fakes.text(new WeftSelfCollector(null, () -> 0, errors)).contains("weft_info{version=\"unknown\"} 1\n"));
        assertTrue(Fakes.text(new WeftSelfCollector("a\"b\\c\nd", () -> 0, errors))
                .contains("weft_info{version=\"a\\\"b\\\\c\\nd\"} 1\n"));
    }

    @Test
    void errorCountIsReadAtEveryScrape() {
        AtomicLong count = new AtomicLong(1);
        WeftSelfCollector collector = new WeftSelfCollector("v", count::get, errors);
        assertTrue(Fakes.text(collector).contains("weft_internal_errors_total 1.0\n"));
        count.set(5);
        assertTrue(Fakes.text(collector).contains("weft_internal_errors_total 5.0\n"));
    }

    @Test
    void aThrowingErrorSupplierCostsOnlyItsFamily() {
        WeftSelfCollector collector = new WeftSelfCollector("v", () -> {
            throw new IllegalStateException("boom");
        }, errors);

        assertEquals(""
                + "# HELP weft_info Weft agent information\n"
                + "# TYPE weft_info gauge\n"
                + "weft_info{version=\"v\"} 1\n",
                Fakes.text(collector));
        assertEquals(1, errors.get());
    }

    @Test
    void registerDefaultsUsesTheBridgeAndRefusesTheDefaultRegistry() {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmCollectors.registerDefaults(registry, "9.9.9");
        WeftBridge.countError();
        long expected = WeftBridge.internalErrors();

        String text = Fakes.text(registry::scrape);

        assertTrue(text.contains("weft_info{version=\"9.9.9\"} 1\n"), text);
        assertTrue(text.contains("weft_internal_errors_total " + (double) expected + "\n"), text);
        assertTrue(text.contains("# TYPE jvm_threads_state gauge\n"), text);
        assertTrue(text.contains("# TYPE jvm_gc_collection_seconds summary\n"), text);
        assertThrows(IllegalArgumentException.class, () -> JvmCollectors.registerDefaults(registry, "again"));
        assertThrows(IllegalArgumentException.class,
                () -> JvmCollectors.registerDefaults(PrometheusRegistry.defaultRegistry, "x"));
    }
}
