package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thread lifecycle in the ledger, against what the test application knows it did: per-group live
 * and started counts, every live thread accounted for, creation sites and escaped names on
 * {@code /threads}, virtual threads on JDK 21+.
 */
class ThreadLifecycleIT {

    private static final String JDKS = "dev.weft.agent.it.Jdk#all";
    private static final String APP = "dev.weft.testapps.ThreadGroupsApp";

    @ParameterizedTest
    @MethodSource(JDKS)
    void groupCountsEqualTheApplicationsAndThreadsPageNamesTheCreationSite(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String base = "http://127.0.0.1:" + port;
        try (ChildJvm app = ChildJvm.of(jdk, APP).agent("port=" + port).start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active")); // hooks are in
            app.send("spawn");
            String spawned = app.awaitOut(l -> l.startsWith("spawned "));
            String alphaSite = spawned.substring(spawned.indexOf("alpha-site=") + "alpha-site=".length());

            String text = Http.awaitOk(base + "/metrics", ChildJvm.DEADLINE);
            assertEquals(7, labelled(text, "jvm_threads_pool_current", "alpha-#"));
            assertEquals(7, labelled(text, "jvm_threads_pool_started_total", "alpha-#"));
            assertEquals(3, labelled(text, "jvm_threads_pool_current", "beta-#"));
            assertEquals(3, labelled(text, "jvm_threads_pool_started_total", "beta-#"));
            assertEquals(0, labelled(text, "jvm_threads_pool_current", "gamma-#"));
            assertEquals(5, labelled(text, "jvm_threads_pool_started_total", "gamma-#"));
            assertEquals(4, labelled(text, "jvm_threads_pool_current", "exec-#"));
            assertEquals(4, labelled(text, "jvm_threads_pool_started_total", "exec-#"));
            assertTrue(text.contains("jvm_threads_pool_current{pool=\"we\\\"ird\\\\name\\nline# \u00fc\u7dda\"} 1.0"),
                    text);

            // Every live thread accounted for: the groups add up to the JVM's own count, compared at
            // a scrape where nothing started or ended in between (the HTTP workers may).
            long end = System.nanoTime() + ChildJvm.DEADLINE.toNanos();
            double sum = -1;
            double current = -2;
            while (System.nanoTime() < end && sum != current) {
                String t = Http.get(base + "/metrics", null).body();
                current = Http.sample(t, "jvm_threads_current");
                sum = sumOf(t, "jvm_threads_pool_current");
            }
            assertEquals(current, sum, "sum of jvm_threads_pool_current vs jvm_threads_current");

            String threads = Http.get(base + "/threads", null).body();
            assertTrue(Pattern.compile("(?m)^7 threads: WAITING 7; age .*\n  names: \"alpha-\\d\", .*\n"
                    + "(.*\n)?  created at " + Pattern.quote(alphaSite)
                    + " by dev\\.weft\\.testapps\\.ThreadGroupsApp\\.spawn\\(" + Pattern.quote(alphaSite) + "\\) \\(7\\)$")
                    .matcher(threads).find(), threads);
            assertTrue(threads.contains("\"we\\\"ird\\\\name\\nline2 \u00fc\u7dda\""), threads);
            assertTrue(threads.contains("    at dev.weft.testapps.ThreadGroupsApp.park(ThreadGroupsApp.java:"), threads);

            HttpResponse<String> json = Http.get(base + "/threads?format=json", null);
            assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertTrue(json.body().startsWith("{\"threads\":"), json.body());
            assertTrue(json.body().contains("\"we\\\"ird\\\\name\\nline2 \u00fc\u7dda\""), json.body());
            assertTrue(json.body().contains("\"location\":\"" + alphaSite + "\""), json.body());
            assertEquals(0.0, Http.sample(Http.get(base + "/metrics", null).body(), "weft_internal_errors_total"));
        }
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void virtualThreadsAreCountedOnJdk21AndLater(Jdk jdk) throws Exception {
        jdk.require();
        if (jdk.feature() < 21) {
            String msg = "skipped by design: virtual threads exist from JDK 21; JDK " + jdk.feature()
                    + " has none (the families are exposed as 0)";
            System.err.println("!!!!! " + msg);
            Assumptions.abort(msg);
        }
        int port = ChildJvm.freePort();
        String base = "http://127.0.0.1:" + port;
        String url = base + "/metrics";
        // Every start sampled, so that all 50 carry their creation site; a virtual-thread limit of 40 (the
        // JVM has no other virtual threads) so that the 50 raise a thread_count finding and their end clears it.
        try (ChildJvm app = ChildJvm.of(jdk, APP).agent("port=" + port
                + ",threads.virtual.sample=1,threads.virtual.max=40,monitor.interval=200ms").start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            String before = Http.awaitOk(url, ChildJvm.DEADLINE);
            double started0 = Http.sample(before, "jvm_threads_virtual_started_total");
            double live0 = Http.sample(before, "jvm_threads_virtual_live");
            app.send("virtual 50");
            app.awaitOut(l -> l.equals("virtual-started 50"));
            String during = Http.get(url, null).body();
            assertEquals(started0 + 50, Http.sample(during, "jvm_threads_virtual_started_total"));
            assertEquals(live0 + 50, Http.sample(during, "jvm_threads_virtual_live"));

            // /threads lists them, grouped by their (identical) stack, with their creation site.
            String threads = Http.get(base + "/threads", null).body();
            assertTrue(Pattern.compile("(?m)^virtual threads: 50 of 50 live listed \\(at most 1000 per request\\);"
                    + " creation sites sampled for 1 start in 1$").matcher(threads).find(), threads);
            assertTrue(Pattern.compile("(?m)^50 virtual threads: WAITING 50; age .*\n  names: \"\", .*\n"
                    + "  created at ThreadGroupsApp\\.java:\\d+ by dev\\.weft\\.testapps\\.ThreadGroupsApp"
                    + "\\.startVirtual\\(ThreadGroupsApp\\.java:\\d+\\) \\(50\\)$").matcher(threads).find(), threads);
            String json = Http.get(base + "/threads?format=json", null).body();
            assertTrue(json.contains("\"virtual\":{\"live\":50,\"listed\":50,\"bound\":1000,\"sampleEvery\":1}"), json);
            assertTrue(json.contains("{\"count\":50,\"virtual\":true,\"states\":{\"WAITING\":50}"), json);

            String raised = app.awaitErr(l -> l.startsWith("weft: thread_count: "));
            assertTrue(raised.contains("50 live virtual threads, above threads.virtual.max=40"), raised);

            app.send("release-virtual");
            app.awaitOut(l -> l.equals("virtual-done"));
            String after = Http.get(url, null).body();
            assertEquals(started0 + 50, Http.sample(after, "jvm_threads_virtual_started_total"));
            assertEquals(live0, Http.sample(after, "jvm_threads_virtual_live"));
            app.awaitErr(l -> l.startsWith("weft: thread_count") && l.contains("cleared"));
            assertTrue(Pattern.compile("(?m)^virtual threads: 0 of 0 live listed").matcher(
                    Http.get(base + "/threads", null).body()).find());
        }
    }

    private static double labelled(String text, String family, String pool) {
        String series = family + "{pool=\"" + pool + "\"}";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double sumOf(String text, String family) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(family) + "\\{[^\n]*\\} ([0-9.eE+-]+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
