package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.Fakes.threadInfo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.Thread.State;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmThreadsCollectorTest {

    private final Fakes.FakeThreads fake = new Fakes.FakeThreads();
    private final Fakes.Errors errors = new Fakes.Errors();
    private final JvmThreadsCollector collector = new JvmThreadsCollector(fake.bean(), errors);

    @Test
    void exactTextFormat() {
        fake.current = 12;
        fake.daemon = 9;
        fake.peak = 15;
        fake.started = 42;
        fake.ids = new long[] {1, 2, 3, 4, 5, 6, 7, 8};
        fake.infos = new ThreadInfo[] {
                threadInfo(1, State.RUNNABLE), threadInfo(2, State.RUNNABLE), threadInfo(3, State.RUNNABLE),
                threadInfo(4, State.WAITING), threadInfo(5, State.TIMED_WAITING), threadInfo(6, State.TIMED_WAITING),
                threadInfo(7, State.BLOCKED), threadInfo(8, State.WAITING)};

        assertEquals(""
                + "# HELP jvm_threads_current Current thread count of a JVM\n"
                + "# TYPE jvm_threads_current gauge\n"
                + "jvm_threads_current 12.0\n"
                + "# HELP jvm_threads_daemon Daemon thread count of a JVM\n"
                + "# TYPE jvm_threads_daemon gauge\n"
                + "jvm_threads_daemon 9.0\n"
                + "# HELP jvm_threads_peak Peak thread count of a JVM\n"
                + "# TYPE jvm_threads_peak gauge\n"
                + "jvm_threads_peak 15.0\n"
                + "# HELP jvm_threads_started_total Started thread count of a JVM\n"
                + "# TYPE jvm_threads_started_total counter\n"
                + "jvm_threads_started_total 42.0\n"
                + "# HELP jvm_threads_state Current count of threads by state\n"
                + "# TYPE jvm_threads_state gauge\n"
                + "jvm_threads_state{state=\"BLOCKED\"} 1.0\n"
                + "jvm_threads_state{state=\"NEW\"} 0.0\n"
                + "jvm_threads_state{state=\"RUNNABLE\"} 3.0\n"
                + "jvm_threads_state{state=\"TERMINATED\"} 0.0\n"
                + "jvm_threads_state{state=\"TIMED_WAITING\"} 2.0\n"
                + "jvm_threads_state{state=\"UNKNOWN\"} 0.0\n"
                + "jvm_threads_state{state=\"WAITING\"} 2.0\n",
                Fakes.text(collector));
        assertEquals(0, errors.get());
        assertEquals(List.of(), fake.unexpected);
    }

    @Test
    void exactOpenMetrics() {
        fake.current = 2;
        fake.daemon = 1;
        fake.peak = 3;
        fake.started = 4;
        assertEquals(""
                + "# TYPE jvm_threads_current gauge\n"
                + "# HELP jvm_threads_current Current thread count of a JVM\n"
                + "jvm_threads_current 2.0\n"
                + "# TYPE jvm_threads_daemon gauge\n"
                + "# HELP jvm_threads_daemon Daemon thread count of a JVM\n"
                + "jvm_threads_daemon 1.0\n"
                + "# TYPE jvm_threads_peak gauge\n"
                + "# HELP jvm_threads_peak Peak thread count of a JVM\n"
                + "jvm_threads_peak 3.0\n"
                + "# TYPE jvm_threads_started counter\n"
                + "# HELP jvm_threads_started Started thread count of a JVM\n"
                + "jvm_threads_started_total 4.0\n"
                + "# TYPE jvm_threads_state gauge\n"
                + "# HELP jvm_threads_state Current count of threads by state\n"
                + "jvm_threads_state{state=\"BLOCKED\"} 0.0\n"
                + "jvm_threads_state{state=\"NEW\"} 0.0\n"
                + "jvm_threads_state{state=\"RUNNABLE\"} 0.0\n"
                + "jvm_threads_state{state=\"TERMINATED\"} 0.0\n"
                + "jvm_threads_state{state=\"TIMED_WAITING\"} 0.0\n"
                + "jvm_threads_state{state=\"UNKNOWN\"} 0.0\n"
                + "jvm_threads_state{state=\"WAITING\"} 0.0\n"
                + "# EOF\n",
                Fakes.openMetrics(collector));
    }

    @Test
    void allSevenStatesAlwaysPresentWithZeros() {
        String text = Fakes.text(collector); // no threads at all
        for (String state : new String[] {"NEW", "RUNNABLE", "BLOCKED", "WAITING", "TIMED_WAITING", "TERMINATED", "UNKNOWN"}) {
            assertTrue(text.contains("jvm_threads_state{state=\"" + state + "\"} 0.0\n"), state + " missing in\n" + text);
        }
        assertEquals(7, text.lines().filter(l -> l.startsWith("jvm_threads_state{")).count());
    }

    @Test
    void nullEntriesAreSkippedAndInvalidIdsCountAsUnknownLikeClientJava() {
        fake.ids = new long[] {5, 0, 6, -1, 7};
        // 6 ended between getAllThreadIds and getThreadInfo
        fake.infos = new ThreadInfo[] {threadInfo(5, State.RUNNABLE), null, threadInfo(7, State.WAITING)};

        String text = Fakes.text(collector);

        assertTrue(text.contains("jvm_threads_state{state=\"RUNNABLE\"} 1.0\n"), text);
        assertTrue(text.contains("jvm_threads_state{state=\"WAITING\"} 1.0\n"), text);
        assertTrue(text.contains("jvm_threads_state{state=\"UNKNOWN\"} 2.0\n"), text);
        assertTrue(text.contains("jvm_threads_state{state=\"TERMINATED\"} 0.0\n"), text);
        assertEquals(1, fake.threadInfoQueries.size(), "one getThreadInfo per scrape");
        assertArrayEquals(new long[] {5, 6, 7}, fake.threadInfoQueries.get(0), "ids <= 0 are not queried");
        assertEquals(0, errors.get());
    }

    @Test
    void oneThreadInfoCallAtDepthZeroPerScrapeAndNoDeadlockDetection() {
        fake.ids = new long[] {1};
        fake.infos = new ThreadInfo[] {threadInfo(1, State.RUNNABLE)};
        Fakes.text(collector);
        Fakes.text(collector);
        assertEquals(2, fake.threadInfoQueries.size());
        // findDeadlockedThreads, dumpAllThreads, getThreadInfo(ids, depth > 0), ... would be listed here
        assertEquals(List.of(), fake.unexpected);
    }

    @Test
    void aThrowingReadCostsOnlyItsFamilyAndIsCounted() {
        fake.current = 3;
        fake.failing.add("getDaemonThreadCount");
        fake.failing.add("getThreadInfo");

        String text = Fakes.text(collector);

        assertTrue(text.contains("jvm_threads_current 3.0\n"), text);
        assertTrue(text.contains("jvm_threads_peak 0.0\n"), text);
        assertTrue(text.contains("jvm_threads_started_total 0.0\n"), text);
        assertFalse(text.contains("jvm_threads_daemon"), text);
        assertFalse(text.contains("jvm_threads_state"), text);
        assertEquals(2, errors.get());
    }

    @Test
    void everyReadThrowingGivesAnEmptyScrapeNotAnException() {
        fake.failing.addAll(List.of("getThreadCount", "getDaemonThreadCount", "getPeakThreadCount",
                "getTotalStartedThreadCount", "getAllThreadIds", "getThreadInfo"));

        assertEquals(0, collector.collect().size());
        assertEquals("", Fakes.text(collector));
        assertEquals(10, errors.get(), "five families, two scrapes");
    }

    @Test
    void realMxBeanCountsAddUp() {
        JvmThreadsCollector real = new JvmThreadsCollector(ManagementFactory.getThreadMXBean(), errors);
        String text = Fakes.text(real);
        double states = text.lines().filter(l -> l.startsWith("jvm_threads_state{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertTrue(states >= 1, text);
        assertTrue(text.contains("jvm_threads_state{state=\"RUNNABLE\"} "), text);
        assertEquals(0, errors.get());
    }

    @Test
    void registeringTheSameFamiliesTwiceIsRejectedAtRegistration() {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(collector);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> registry.register(new JvmThreadsCollector(fake.bean(), errors)));
        assertTrue(e.getMessage().contains("jvm_threads"), e.getMessage());
    }
}
