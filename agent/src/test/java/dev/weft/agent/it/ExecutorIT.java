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
            "pool name=(\\S+) type=(\\S+) active=(\\d+) size=(\\d+) core=(\\d+) max=(\\d+) queued=(\\d+)"
                    + " remaining=(-?\\d+) completed=(\\d+) rejected=(\\d+)");

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

            // Compare at a quiescent moment: the application's values just before and just after the
            // scrape must agree with each other (a task may be finishing) and then with the scrape.
            long end = System.nanoTime() + ChildJvm.DEADLINE.toNanos();
            String text = null;
            Map<String, List<String>> pools = null;
            while (System.nanoTime() < end) {
                Map<String, List<String>> before = pools(app);
                String scraped = Http.get(url, null).body();
                Map<String, List<String>> after = pools(app);
                if (before.equals(after)) {
                    text = scraped;
                    pools = before;
                    break;
                }
            }
            assertTrue(text != null, "the pools never held still");
            assertEquals(4, pools.size(), pools.toString());
            for (Map.Entry<String, List<String>> e : pools.entrySet()) {
                List<String> v = e.getValue();
                String labels = "{name=\"" + e.getKey() + "\",type=\"" + v.get(0) + "\"}";
                assertEquals(Double.parseDouble(v.get(1)), Http.sample(text, "executor_active_threads" + labels), labels);
                assertEquals(Double.parseDouble(v.get(2)), Http.sample(text, "executor_pool_size_threads" + labels),
                        labels);
                assertEquals(Double.parseDouble(v.get(3)), Http.sample(text, "executor_pool_core_threads" + labels),
                        labels);
                assertEquals(Double.parseDouble(v.get(4)), Http.sample(text, "executor_pool_max_threads" + labels),
                        labels);
                assertEquals(Double.parseDouble(v.get(5)), Http.sample(text, "executor_queued_tasks" + labels), labels);
                if (v.get(6).equals("-1")) {
                    assertFalse(text.contains("executor_queue_remaining_tasks" + labels), labels + " is unbounded");
                } else {
                    assertEquals(Double.parseDouble(v.get(6)),
                            Http.sample(text, "executor_queue_remaining_tasks" + labels), labels);
                }
                assertEquals(Double.parseDouble(v.get(7)),
                        Http.sample(text, "executor_completed_tasks_total" + labels), labels);
                assertEquals(Double.parseDouble(v.get(8)),
                        Http.sample(text, "executor_rejected_tasks_total" + labels), labels);
            }
            // The known states, so that "equal" cannot mean "both zero".
            assertEquals(List.of("thread_pool", "4", "4", "4", "4", "3", "7", "6", "0"), pools.get("fixed-worker-#"));
            assertEquals(List.of("thread_pool", "1", "1", "1", "1", "0", "0", "0", "5"),
                    pools.get("rejecting-worker-#"));
            assertEquals(List.of("scheduled", "0", "2", "2", "2147483647", "1", "-1", "3", "0"),
                    pools.get("sched-worker-#"));
            assertEquals("3", pools.get("early-worker-#").get(7));

            assertFalse(text.contains("name=\"weft"), "the agent's own pools are not exported");
            assertEquals(0.0, Http.sample(text, "weft_internal_errors_total"));
            assertEquals(0.0, Http.sample(text, "weft_series_dropped_total"));

            from = app.outSize();
            app.send("churn 300");
            app.awaitOut(l -> l.equals("churned 300"), from);
            String after = Http.get(url, null).body();
            assertFalse(after.contains("churn-"), "shut-down pools leave no series");
            assertEquals(4, count(after, "executor_pool_core_threads\\{"), after);
            assertEquals(0.0, Http.sample(after, "weft_internal_errors_total"));
            assertTrue(Http.get("http://127.0.0.1:" + port + "/", null).body().contains("Thread pools tracked"));
            app.send("exit 0");
            assertEquals(0, app.waitFor());
            assertEquals(1, app.weftLines().size(), app.err().toString());
            assertNull(app.err().stream().filter(l -> !l.startsWith("weft ")).findFirst().orElse(null),
                    "no output but the start-up line");
        }
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
