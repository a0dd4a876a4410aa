package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pool of {@code ExecutorApp} measured with no code change: each executor gauge and counter
 * equals the pool's own getter read by the application at the same moment, rejections equal the
 * application's count, the agent's own pools are not exported, and short-lived pools leave nothing.
 */
class ExecutorIT {

    private static final String JDKS = "dev.weft.agent.it.Jdk#all";
    private static final Pattern POOL = Pattern.compile(
            "pool name=(\\S+) type=(\\S+) active=(\\d+) size=(\\d+) core=(-?\\d+) max=(-?\\d+) queued=(\\d+)"
                    + " remaining=(-?\\d+) completed=(-?\\d+) rejected=(-?\\d+)");

    @ParameterizedTest
    @MethodSource(JDKS)
    void everyExecutorValueEqualsThePoolsOwnGetters(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String url = "http://127.0.0.1:" + port + "/metrics";
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ExecutorApp").agent("port=" + port).start()) {
            app.awaitOut(l -> l.equals("started")); // the early pool is built, probably before the hooks
            app.awaitErr(l -> l.startsWith("weft "));
            Http.awaitOk(url, ChildJvm.DEADLINE);
            int from = app.outSize();
            app.send("setup"); // the other pools, with the hooks in
            app.awaitOut(l -> l.equals("ready"), from);
            from = app.outSize();
            app.send("use-early");
            app.awaitOut(l -> l.equals("used-early"), from);

            from = app.outSize();
            app.send("timed 20");
            String timed = app.awaitOut(l -> l.startsWith("timed "), from);

            // Compare at a quiescent moment: the application's values just before and just after the
            // scrape must agree with each other (a task may be finishing) and then with the scrape;
            // a worker records a task's run time just after the task's future completes, so the
            // comparison is retried until it holds or the deadline passes.
            long end = System.nanoTime() + ChildJvm.DEADLINE.toNanos();
            String text = null;
            Map<String, List<String>> pools = null;
            String mismatch = "never compared";
            while (System.nanoTime() < end && mismatch != null) {
                Map<String, List<String>> before = pools(app);
                String scraped = Http.get(url, null).body();
                Map<String, List<String>> after = pools(app);
                if (before.equals(after)) {
                    text = scraped;
                    pools = before;
                    mismatch = mismatch(text, pools);
                }
            }
            assertNull(mismatch, mismatch + "\n" + text);
            // JDK 21+ adds the thread-per-task executor (threadPerTaskExecutorCountsItsThreadsAndTasks).
            assertEquals(jdk.feature() >= 21 ? 7 : 6, pools.size(), pools.toString());
            // The known states, so that "equal" cannot mean "both zero".
            assertEquals(List.of("thread_pool", "4", "4", "4", "4", "3", "7", "6", "0"), pools.get("fixed-worker-#"));
            assertEquals(List.of("thread_pool", "1", "1", "1", "1", "0", "0", "0", "5"),
                    pools.get("rejecting-worker-#"));
            assertEquals(List.of("scheduled", "0", "2", "2", "2147483647", "1", "-1", "3", "0"),
                    pools.get("sched-worker-#"));
            assertEquals("3", pools.get("early-worker-#").get(7));
            assertEquals("20", pools.get("timed-worker-#").get(7));
            assertEquals("2", pools.get("ForkJoinPool-#-worker-#").get(3), "parallelism");

            // The common pool, built before the hooks, named by its workers once it has some.
            from = app.outSize();
            app.send("common");
            String common = app.awaitOut(l -> l.startsWith("common parallelism="), from);
            String commonText = Http.get(url, null).body();
            assertEquals(Double.parseDouble(common.substring("common parallelism=".length())),
                    Http.sample(commonText,
                            "executor_pool_core_threads{name=\"ForkJoinPool.commonPool-worker-#\",type=\"fork_join\"}"));

            // Distributions: one queue wait per started task, one run time per completed task (the
            // fixed pool's subclass overrides beforeExecute/afterExecute without super, and one of
            // its tasks threw), sums within 5 % of what the application measured over the same span.
            assertEquals(20.0, Http.sample(text, "executor_task_seconds_count{name=\"timed-worker-#\",type=\"thread_pool\"}"));
            assertEquals(20.0, Http.sample(text,
                    "executor_queue_wait_seconds_count{name=\"timed-worker-#\",type=\"thread_pool\"}"));
            Matcher t = Pattern.compile("timed tasks=20 wait_sum=(\\S+) run_sum=(\\S+)").matcher(timed);
            assertTrue(t.matches(), timed);
            double appWait = Double.parseDouble(t.group(1));
            double appRun = Double.parseDouble(t.group(2));
            double wait = Http.sample(text, "executor_queue_wait_seconds_sum{name=\"timed-worker-#\",type=\"thread_pool\"}");
            double run = Http.sample(text, "executor_task_seconds_sum{name=\"timed-worker-#\",type=\"thread_pool\"}");
            // The agent's span (worker lock to unlock) encloses the application's (beforeExecute to
            // afterExecute): never shorter, and only the lock calls longer.
            assertTrue(run >= appRun, "run time sum " + run + " encloses the application's " + appRun);
            assertEquals(appRun, run, appRun * 0.05, "run time sum vs the application's own");
            assertEquals(appWait, wait, appWait * 0.05, "queue wait sum vs the application's own");
            assertTrue(Http.sample(text, "executor_task_seconds_max{name=\"timed-worker-#\",type=\"thread_pool\"}")
                    >= 0.0099, text);
            assertEquals(6.0, Http.sample(text, "executor_task_seconds_count{name=\"fixed-worker-#\",type=\"thread_pool\"}"));
            assertEquals(10.0, Http.sample(text,
                    "executor_queue_wait_seconds_count{name=\"fixed-worker-#\",type=\"thread_pool\"}"));
            assertEquals(3.0, Http.sample(text, "executor_task_seconds_count{name=\"sched-worker-#\",type=\"scheduled\"}"));
            assertEquals(3.0, Http.sample(text,
                    "executor_queue_wait_seconds_count{name=\"sched-worker-#\",type=\"scheduled\"}"));
            assertEquals(3.0, Http.sample(text, "executor_task_seconds_count{name=\"early-worker-#\",type=\"thread_pool\"}"));

            assertFalse(text.contains("name=\"weft"), "the agent's own pools are not exported");
            assertEquals(0.0, Http.sample(text, "weft_internal_errors_total"));
            assertEquals(0.0, Http.sample(text, "weft_series_dropped_total"));

            from = app.outSize();
            app.send("churn 300");
            app.awaitOut(l -> l.equals("churned 300"), from);
            String after = Http.get(url, null).body();
            // (Their threads' group stays in jvm_threads_pool_*: thread groups are kept for the process's life.)
            assertFalse(after.lines().anyMatch(l -> l.startsWith("executor_") && l.contains("churn-")),
                    "shut-down pools leave no executor series");
            assertEquals(7, count(after, "executor_pool_core_threads\\{"), after);
            assertEquals(0.0, Http.sample(after, "weft_series_dropped_total"), "300 pools, but never more than 50 at once");
            assertEquals(0.0, Http.sample(after, "weft_internal_errors_total"));
            assertTrue(Http.get("http://127.0.0.1:" + port + "/", null).body().contains("Thread pools tracked"));

            // Bad input: nothing breaks, nothing is printed, the pools that shut down leave.
            from = app.outSize();
            app.send("bad");
            String bad = app.awaitOut(l -> l.startsWith("bad-done "), from);
            assertTrue(bad.endsWith("throwing-caught=true"), bad);
            String nullPool = "{name=\"ThreadPoolExecutor@ExecutorApp.java:"
                    + bad.replaceAll(".*null-line=(\\d+).*", "$1") + "\",type=\"thread_pool\"}";
            String afterBad = Http.get(url, null).body();
            assertEquals(0.0, Http.sample(afterBad, "executor_pool_size_threads" + nullPool), afterBad);
            assertEquals(1.0, Http.sample(afterBad, "executor_queued_tasks" + nullPool), afterBad);
            assertFalse(afterBad.lines().anyMatch(l -> l.startsWith("executor_") && (l.contains("bad-queued")
                    || l.contains("bad-drained") || l.contains("bad-tasks"))), afterBad);
            assertEquals(0.0, Http.sample(afterBad, "weft_internal_errors_total"));
            AttachIT.promtool(afterBad); // every executor family, fork-join and histograms included
            app.send("exit 0");
            assertEquals(0, app.waitFor());
            // The rejecting pool may be reported (ExecutorFindingsIT checks that), with its details indented.
            List<String> other = app.err().stream().filter(l -> !l.startsWith("weft: rejected")
                    && !l.startsWith("    ")).toList();
            assertEquals(1, other.size(), app.err().toString());
            assertTrue(other.get(0).startsWith("weft "), "no output but the start-up line: " + other);
        }
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void threadPerTaskExecutorCountsItsThreadsAndTasks(Jdk jdk) throws Exception {
        Assumptions.assumeTrue(jdk.feature() >= 21, "thread-per-task executors exist on JDK 21+ only");
        int port = ChildJvm.freePort();
        String url = "http://127.0.0.1:" + port + "/metrics";
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ExecutorApp").agent("port=" + port).start()) {
            app.awaitOut(l -> l.equals("started"));
            app.awaitErr(l -> l.startsWith("weft "));
            Http.awaitOk(url, ChildJvm.DEADLINE);
            int from = app.outSize();
            app.send("setup");
            app.awaitOut(l -> l.equals("ready"), from);
            long end = System.nanoTime() + ChildJvm.DEADLINE.toNanos();
            String text = null;
            Map<String, List<String>> pools = null;
            String mismatch = "never compared";
            while (System.nanoTime() < end && mismatch != null) {
                Map<String, List<String>> before = pools(app);
                String scraped = Http.get(url, null).body();
                if (before.equals(pools(app))) {
                    text = scraped;
                    pools = before;
                    // Only this executor: the early pool, built before the hooks and unused here, is not seen.
                    mismatch = mismatch(text, Map.of("tpt-worker-#", before.getOrDefault("tpt-worker-#", List.of())));
                }
            }
            assertNull(mismatch, mismatch + "\n" + text);
            // Its live threads and completed tasks; no core, maximum, queue capacity or rejection count.
            assertEquals(List.of("thread_per_task", "3", "3", "-1", "-1", "0", "-1", "5", "-1"), pools.get("tpt-worker-#"));
            String labels = "{name=\"tpt-worker-#\",type=\"thread_per_task\"}";
            assertEquals(3.0, Http.sample(text, "executor_active_threads" + labels));
            assertEquals(5.0, Http.sample(text, "executor_completed_tasks_total" + labels));

            from = app.outSize();
            app.send("tpt-close");
            app.awaitOut(l -> l.equals("tpt-closed"), from);
            String after = Http.get(url, null).body();
            assertFalse(after.contains("type=\"thread_per_task\""), "a closed executor leaves no series:\n" + after);
            assertEquals(0.0, Http.sample(after, "weft_internal_errors_total"));
            AttachIT.promtool(after);
        }
    }

    /** The first value that differs between the scrape and the application's getters, or null. */
    private static String mismatch(String text, Map<String, List<String>> pools) {
        String[] families = {"executor_active_threads", "executor_pool_size_threads", "executor_pool_core_threads",
            "executor_pool_max_threads", "executor_queued_tasks", "executor_queue_remaining_tasks",
            "executor_completed_tasks_total", "executor_rejected_tasks_total"};
        for (Map.Entry<String, List<String>> e : pools.entrySet()) {
            List<String> v = e.getValue();
            String labels = "{name=\"" + e.getKey() + "\",type=\"" + v.get(0) + "\"}";
            for (int i = 0; i < families.length; i++) {
                String series = families[i] + labels;
                Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
                boolean present = m.find();
                if (v.get(i + 1).equals("-1")) { // an unbounded queue; a fork-join pool's max, completed, rejected
                    if (present) {
                        return series + " present, but the pool has no such value";
                    }
                    continue;
                }
                if (!present || Double.parseDouble(m.group(1)) != Double.parseDouble(v.get(i + 1))) {
                    return series + " = " + (present ? m.group(1) : "absent") + ", the pool says " + v.get(i + 1);
                }
            }
            // Every completed task has its run time, every started one its queue wait.
            if (!e.getKey().startsWith("rejecting") && !v.get(0).equals("fork_join")
                    && !v.get(0).equals("thread_per_task")) {
                String run = "executor_task_seconds_count" + labels;
                Matcher m = Pattern.compile("(?m)^" + Pattern.quote(run) + " (\\S+)$").matcher(text);
                if (!m.find() || Double.parseDouble(m.group(1)) != Double.parseDouble(v.get(7))) {
                    return run + " differs from completed " + v.get(7);
                }
            }
        }
        return null;
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile("(?m)^" + regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** name → [type, active, size, core, max, queued, remaining, completed, rejected], as the application reads them. */
    private static Map<String, List<String>> pools(ChildJvm app) throws Exception {
        int from = app.outSize();
        app.send("pools");
        app.awaitOut(l -> l.equals("pools-end"), from);
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> lines = app.out();
        for (int i = from; i < lines.size() && !lines.get(i).equals("pools-end"); i++) {
            Matcher m = POOL.matcher(lines.get(i));
            if (m.matches()) {
                out.put(m.group(1), List.of(m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7),
                        m.group(8), m.group(9), m.group(10)));
            }
        }
        return out;
    }
}
