package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.Fakes.gc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmGcCollectorTest {

    private final Fakes.Errors errors = new Fakes.Errors();

    @Test
    void exactTextFormatLikeClientJava() {
        JvmGcCollector collector = new JvmGcCollector(List.of(
                gc("G1 Young Generation", 17, 1234, false),
                gc("G1 Old Generation", 0, 0, false)), errors);

        assertEquals(""
                + "# HELP jvm_gc_collection_seconds Time spent in a given JVM garbage collector in seconds.\n"
                + "# TYPE jvm_gc_collection_seconds summary\n"
                + "jvm_gc_collection_seconds_count{gc=\"G1 Old Generation\"} 0\n"
                + "jvm_gc_collection_seconds_sum{gc=\"G1 Old Generation\"} 0.0\n"
                + "jvm_gc_collection_seconds_count{gc=\"G1 Young Generation\"} 17\n"
                + "jvm_gc_collection_seconds_sum{gc=\"G1 Young Generation\"} 1.234\n",
                Fakes.text(collector));
        assertEquals(0, errors.get());
    }

    @Test
    void exactOpenMetricsHasUnitAndNoCreated() {
        JvmGcCollector collector = new JvmGcCollector(List.of(gc("ZGC Pauses", 3, 2, false)), errors);

        assertEquals(""
                + "# TYPE jvm_gc_collection_seconds summary\n"
                + "# UNIT jvm_gc_collection_seconds seconds\n"
                + "# HELP jvm_gc_collection_seconds Time spent in a given JVM garbage collector in seconds.\n"
                + "jvm_gc_collection_seconds_count{gc=\"ZGC Pauses\"} 3\n"
                + "jvm_gc_collection_seconds_sum{gc=\"ZGC Pauses\"} 0.002\n"
                + "# EOF\n",
                Fakes.openMetrics(collector));
    }

    @Test
    void aThrowingBeanCostsOnlyItsSeriesAndIsCounted() {
        JvmGcCollector collector = new JvmGcCollector(List.of(
                gc("broken", 1, 1, true),
                gc("PS Scavenge", 2, 500, false)), errors);

        String text = Fakes.text(collector);

        assertTrue(text.contains("jvm_gc_collection_seconds_count{gc=\"PS Scavenge\"} 2\n"), text);
        assertTrue(text.contains("jvm_gc_collection_seconds_sum{gc=\"PS Scavenge\"} 0.5\n"), text);
        assertFalse(text.contains("broken"), text);
        assertEquals(1, errors.get());
    }

    @Test
    void undefinedCountsAreLeftOutWithoutAnError() {
        JvmGcCollector collector = new JvmGcCollector(List.of(gc("odd", -1, -1, false)), errors);

        String text = Fakes.text(collector);

        assertFalse(text.contains("odd"), text);
        assertEquals(0, errors.get());
    }

    @Test
    void duplicateBeanNamesLoseTheFamilyNotTheScrape() {
        JvmGcCollector collector = new JvmGcCollector(List.of(gc("same", 1, 1, false), gc("same", 2, 2, false)), errors);

        assertEquals("", Fakes.text(collector));
        assertEquals(1, errors.get());
    }

    @Test
    void realBeans() {
        JvmGcCollector collector = new JvmGcCollector(ManagementFactory.getGarbageCollectorMXBeans(), errors);
        String text = Fakes.text(collector);
        for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            assertTrue(text.contains("jvm_gc_collection_seconds_count{gc=\"" + bean.getName() + "\"} "), text);
        }
        assertFalse(text.contains("_created"), text);
        assertFalse(text.contains("quantile"), text);
        assertEquals(0, errors.get());
    }
}
