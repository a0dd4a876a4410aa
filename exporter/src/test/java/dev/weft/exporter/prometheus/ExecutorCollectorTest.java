package dev.weft.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.ExecutorSeries;
import dev.weft.instrumentation.ledger.Timing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorCollectorTest {

    private final Fakes.Errors errors = new Fakes.Errors();
    private final List<ExecutorSeries> series = new ArrayList<>();
    private final ExecutorCollector collector = new ExecutorCollector(() -> series, errors);

    @Test
    void exactTextFormat() {
        series.add(new ExecutorSeries("fixed-worker-#", "thread_pool", 1, 4, 4, 4, 4, 3, 7, 12, 2, null, null));
        series.add(new ExecutorSeries("ticker", "scheduled", 1, 0, 1, 1, 2147483647, 1, -1, 5, 0, null, null));
        assertEquals(""
                + "# HELP executor_active_threads The approximate number of threads that are actively executing tasks\n"
                + "# TYPE executor_active_threads gauge\n"
                + "executor_active_threads{name=\"fixed-worker-#\",type=\"thread_pool\"} 4.0\n"
                + "executor_active_threads{name=\"ticker\",type=\"scheduled\"} 0.0\n"
                + "# HELP executor_completed_tasks_total The approximate total number of tasks that have completed"
                + " execution\n"
                + "# TYPE executor_completed_tasks_total counter\n"
                + "executor_completed_tasks_total{name=\"fixed-worker-#\",type=\"thread_pool\"} 12.0\n"
                + "executor_completed_tasks_total{name=\"ticker\",type=\"scheduled\"} 5.0\n"
                + "# HELP executor_pool_core_threads The core number of threads for the pool\n"
                + "# TYPE executor_pool_core_threads gauge\n"
                + "executor_pool_core_threads{name=\"fixed-worker-#\",type=\"thread_pool\"} 4.0\n"
                + "executor_pool_core_threads{name=\"ticker\",type=\"scheduled\"} 1.0\n"
                + "# HELP executor_pool_max_threads The maximum allowed number of threads in the pool\n"
                + "# TYPE executor_pool_max_threads gauge\n"
                + "executor_pool_max_threads{name=\"fixed-worker-#\",type=\"thread_pool\"} 4.0\n"
                + "executor_pool_max_threads{name=\"ticker\",type=\"scheduled\"} 2.147483647E9\n"
                + "# HELP executor_pool_size_threads The current number of threads in the pool\n"
                + "# TYPE executor_pool_size_threads gauge\n"
                + "executor_pool_size_threads{name=\"fixed-worker-#\",type=\"thread_pool\"} 4.0\n"
                + "executor_pool_size_threads{name=\"ticker\",type=\"scheduled\"} 1.0\n"
                + "# HELP executor_queue_remaining_tasks The number of additional elements that this queue can"
                + " ideally accept without blocking (bounded queues only)\n"
                + "# TYPE executor_queue_remaining_tasks gauge\n"
                + "executor_queue_remaining_tasks{name=\"fixed-worker-#\",type=\"thread_pool\"} 7.0\n"
                + "# HELP executor_queued_tasks The approximate number of tasks that are queued for execution\n"
                + "# TYPE executor_queued_tasks gauge\n"
                + "executor_queued_tasks{name=\"fixed-worker-#\",type=\"thread_pool\"} 3.0\n"
                + "executor_queued_tasks{name=\"ticker\",type=\"scheduled\"} 1.0\n"
                + "# HELP executor_rejected_tasks_total The total number of tasks the executor rejected\n"
                + "# TYPE executor_rejected_tasks_total counter\n"
                + "executor_rejected_tasks_total{name=\"fixed-worker-#\",type=\"thread_pool\"} 2.0\n"
                + "executor_rejected_tasks_total{name=\"ticker\",type=\"scheduled\"} 0.0\n",
                Fakes.text(collector));
        assertEquals(0, errors.get());
    }

    @Test
    void noPoolsNoFamiliesAndNoQueueRemainingWhenEveryQueueIsUnbounded() {
        assertEquals("", Fakes.text(collector));
        series.add(new ExecutorSeries("p", "thread_pool", 1, 0, 0, 1, 1, 0, -1, 0, 0, null, null));
        String text = Fakes.text(collector);
        assertEquals(false, text.contains("executor_queue_remaining_tasks"), text);
        assertEquals(true, text.contains("executor_queued_tasks{name=\"p\",type=\"thread_pool\"} 0.0"), text);
    }

    @Test
    void aFailingLedgerCostsTheFamiliesNotTheScrape() {
        ExecutorCollector failing = new ExecutorCollector(() -> {
            throw new IllegalStateException("boom");
        }, errors);
        assertEquals("", Fakes.text(failing));
        assertEquals(1, errors.get());
    }

    @Test
    void histogramsWithFixedBucketsAndMax() {
        double[] bounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
            5, 10, Double.POSITIVE_INFINITY};
        long[] wait = new long[bounds.length];
        wait[0] = 2;
        wait[5] = 1;
        long[] run = new long[bounds.length];
        run[12] = 3;
        run[16] = 1;
        series.add(new ExecutorSeries("w", "thread_pool", 1, 0, 1, 1, 1, 0, -1, 4, 0,
                new Timing(bounds, wait, 3, 0.0051, 0.005), new Timing(bounds, run, 4, 14.5, 12.0)));
        series.add(new ExecutorSeries("idle", "thread_pool", 1, 0, 0, 1, 1, 0, -1, 0, 0, null, null));
        String text = Fakes.text(collector);
        String waitText = text.substring(text.indexOf("# HELP executor_queue_wait_seconds "),
                text.indexOf("# HELP executor_queued_tasks"));
        String l = "executor_queue_wait_seconds_bucket{name=\"w\",type=\"thread_pool\",le=";
        assertEquals(""
                + "# HELP executor_queue_wait_seconds Time tasks waited in the executor's queue, from submission"
                + " (for scheduled tasks, from when they were due) to start\n"
                + "# TYPE executor_queue_wait_seconds histogram\n"
                + l + "\"1.0E-4\"} 2\n"
                + l + "\"2.5E-4\"} 2\n"
                + l + "\"5.0E-4\"} 2\n"
                + l + "\"0.001\"} 2\n"
                + l + "\"0.0025\"} 2\n"
                + l + "\"0.005\"} 3\n"
                + l + "\"0.01\"} 3\n"
                + l + "\"0.025\"} 3\n"
                + l + "\"0.05\"} 3\n"
                + l + "\"0.1\"} 3\n"
                + l + "\"0.25\"} 3\n"
                + l + "\"0.5\"} 3\n"
                + l + "\"1.0\"} 3\n"
                + l + "\"2.5\"} 3\n"
                + l + "\"5.0\"} 3\n"
                + l + "\"10.0\"} 3\n"
                + l + "\"+Inf\"} 3\n"
                + "executor_queue_wait_seconds_count{name=\"w\",type=\"thread_pool\"} 3\n"
                + "executor_queue_wait_seconds_sum{name=\"w\",type=\"thread_pool\"} 0.0051\n"
                + "# HELP executor_queue_wait_seconds_max Largest queue wait recorded in the last one to two minutes\n"
                + "# TYPE executor_queue_wait_seconds_max gauge\n"
                + "executor_queue_wait_seconds_max{name=\"w\",type=\"thread_pool\"} 0.005\n", waitText);
        String r = "executor_task_seconds_bucket{name=\"w\",type=\"thread_pool\",le=";
        assertTrue(text.contains(r + "\"0.5\"} 0\n"), text);
        assertTrue(text.contains(r + "\"1.0\"} 3\n"), text);
        assertTrue(text.contains(r + "\"10.0\"} 3\n"), text);
        assertTrue(text.contains(r + "\"+Inf\"} 4\n"), text);
        assertTrue(text.contains("executor_task_seconds_count{name=\"w\",type=\"thread_pool\"} 4\n"), text);
        assertTrue(text.contains("executor_task_seconds_sum{name=\"w\",type=\"thread_pool\"} 14.5\n"), text);
        assertTrue(text.contains("executor_task_seconds_max{name=\"w\",type=\"thread_pool\"} 12.0\n"), text);
        assertEquals(false, text.contains("name=\"idle\",type=\"thread_pool\",le="), "no histogram before a task");
        assertEquals(0, errors.get());
    }

    @Test
    void forkJoinPoolsLeaveOutWhatTheyDoNotHave() {
        series.add(new ExecutorSeries("ForkJoinPool.commonPool-worker-#", "fork_join", 1, 1, 3, 3, -1, 2, -1, -1, -1,
                null, null));
        String labels = "{name=\"ForkJoinPool.commonPool-worker-#\",type=\"fork_join\"}";
        String text = Fakes.text(collector);
        assertTrue(text.contains("executor_active_threads" + labels + " 1.0\n"), text);
        assertTrue(text.contains("executor_pool_size_threads" + labels + " 3.0\n"), text);
        assertTrue(text.contains("executor_pool_core_threads" + labels + " 3.0\n"), text);
        assertTrue(text.contains("executor_queued_tasks" + labels + " 2.0\n"), text);
        for (String absent : List.of("executor_pool_max_threads", "executor_queue_remaining_tasks",
                "executor_completed_tasks_total", "executor_rejected_tasks_total")) {
            assertEquals(false, text.contains(absent), absent + " in\n" + text);
        }
    }

    @Test
    void seriesDroppedSumsItsSources() {
        SeriesDroppedCollector dropped = new SeriesDroppedCollector(List.of(() -> 3, () -> 4), errors);
        assertEquals(""
                + "# HELP weft_series_dropped_total Label values (thread groups, executors, GC causes) folded into \"other\""
                + " because their family reached its series limit\n"
                + "# TYPE weft_series_dropped_total counter\n"
                + "weft_series_dropped_total 7.0\n", Fakes.text(dropped));
    }
}
