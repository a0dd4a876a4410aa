package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Grafana dashboard ({@code exporter/grafana/weft-dashboard.json}) against a real Prometheus
 * server (Debian package {@code prometheus}; {@code .ci/run} installs it): Prometheus scrapes
 * the demo ({@code Demo}, the README's first command) with the agent every second, and every panel query of the dashboard, with
 * the dashboard's variables substituted, returns data through {@code /api/v1/query}. A query that
 * names a family the agent does not export, a wrong label in a {@code by} clause or a typo in a
 * metric name gives an empty result and fails the test. Skipped, loudly, without the binary.
 */
class DashboardPrometheusIT {

    static final Path DASHBOARD = Path.of("../exporter/grafana/weft-dashboard.json");
    private static final String JOB = "weft-dashboard";
    /** What Grafana's {@code $__rate_interval} becomes with a 1 s scrape interval, with room for missed scrapes. */
    private static final String RATE_INTERVAL = "10s";
    private static final Duration DEADLINE = Duration.ofSeconds(45);

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void everyPanelQueryReturnsData(Jdk jdk, @TempDir Path dir) throws Exception {
        Path prometheus = prometheus();
        int port = ChildJvm.freePort();
        int promPort = ChildJvm.freePort();
        String instance = "127.0.0.1:" + port;
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.Demo").agent("port=" + port).start()) {
            app.awaitOut(l -> l.startsWith("demo running"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  scrape_timeout: 1s",
                    "scrape_configs:",
                    "  - job_name: " + JOB,
                    "    static_configs:",
                    "      - targets: ['" + instance + "']",
                    ""));
            Process server = new ProcessBuilder(prometheus.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + promPort,
                    "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            try {
                String api = "http://127.0.0.1:" + promPort + "/api/v1/query?query=";
                // Enough scrapes that every rate over RATE_INTERVAL has at least two samples.
                awaitScrapes(api, instance, 6, dir);

                Map<String, String> vars = Map.of("$job", JOB, "$instance", instance,
                        "${job}", JOB, "${instance}", instance,
                        "$__rate_interval", RATE_INTERVAL, "${__rate_interval}", RATE_INTERVAL);
                Map<String, Target> queries = panelQueries(Files.readString(DASHBOARD));
                assertTrue(queries.size() >= 30, "panel queries found: " + queries.size());
                List<String> empty = new ArrayList<>();
                List<String> unlabelled = new ArrayList<>();
                for (Map.Entry<String, Target> q : queries.entrySet()) {
                    String expr = q.getValue().expr();
                    for (Map.Entry<String, String> v : vars.entrySet()) {
                        expr = expr.replace(v.getKey(), v.getValue());
                    }
                    assertTrue(!expr.contains("$"), "unsubstituted variable in " + q.getKey() + ": " + expr);
                    List<?> result = query(api, expr);
                    if (result.isEmpty()) {
                        empty.add(q.getKey() + ": " + expr);
                    }
                    // Every label the legend names is on every series (a wrong label in a by clause or a
                    // selector would otherwise give a non-empty but meaningless result).
                    Matcher legend = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}").matcher(q.getValue().legend());
                    while (legend.find()) {
                        for (Object sample : result) {
                            Map<?, ?> metric = (Map<?, ?>) ((Map<?, ?>) sample).get("metric");
                            if (!metric.containsKey(legend.group(1))) {
                                unlabelled.add(q.getKey() + ": no label " + legend.group(1) + " in " + metric);
                            }
                        }
                    }
                }
                assertEquals(List.of(), empty, "panel queries without data on " + jdk
                        + " (Prometheus log: " + dir.resolve("prometheus.log") + ")");
                assertEquals(List.of(), unlabelled, "legend labels missing from the series on " + jdk);

                // The template variables resolve to this target.
                assertEquals(1, query(api, "weft_info{job=\"" + JOB + "\",instance=\"" + instance + "\"}").size());
            } finally {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** The Prometheus binary, or the test is skipped (loudly). */
    static Path prometheus() {
        for (String p : List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        String msg = "SKIPPED: prometheus not installed (Debian package prometheus; .ci/run installs it)";
        System.err.println("!!!!! " + msg);
        Assumptions.abort(msg);
        return null;
    }

    /** Waits until Prometheus holds at least {@code n} successful scrapes of the target. */
    private static void awaitScrapes(String api, String instance, int n, Path dir) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        String q = "sum_over_time(up{job=\"" + JOB + "\",instance=\"" + instance + "\"}[1m])";
        String last = "no answer";
        while (System.nanoTime() < end) {
            try {
                List<?> r = query(api, q);
                if (!r.isEmpty()) {
                    double v = value(r.get(0));
                    last = "successful scrapes: " + v;
                    if (v >= n) {
                        return;
                    }
                }
            } catch (IOException | AssertionError e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus did not scrape the agent " + n + " times within " + DEADLINE
                + " (" + last + "); its log: " + Files.readString(dir.resolve("prometheus.log")));
    }

    /** Evaluates an instant query; the {@code data.result} vector. */
    private static List<?> query(String api, String expr) throws IOException, InterruptedException {
        var r = Http.get(api + URLEncoder.encode(expr, StandardCharsets.UTF_8), "application/json");
        if (r.statusCode() != 200) {
            throw new AssertionError("query " + expr + " → HTTP " + r.statusCode() + ": " + r.body());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) Json.parse(r.body());
        assertEquals("success", body.get("status"), r.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) body.get("data");
        assertEquals("vector", data.get("resultType"), expr);
        return (List<?>) data.get("result");
    }

    private static double value(Object sample) {
        List<?> v = (List<?>) ((Map<?, ?>) sample).get("value");
        return Double.parseDouble((String) v.get(1));
    }

    /** One panel target: its PromQL expression and its legend format. */
    record Target(String expr, String legend) {
    }

    /**
     * Every target of every panel (rows' nested panels too), keyed by {@code panel title / refId}.
     */
    static Map<String, Target> panelQueries(String dashboardJson) {
        Map<String, Target> out = new LinkedHashMap<>();
        Map<?, ?> dash = (Map<?, ?>) Json.parse(dashboardJson);
        collect((List<?>) dash.get("panels"), out);
        return out;
    }

    private static void collect(List<?> panels, Map<String, Target> out) {
        if (panels == null) {
            return;
        }
        for (Object o : panels) {
            Map<?, ?> p = (Map<?, ?>) o;
            collect((List<?>) p.get("panels"), out);
            List<?> targets = (List<?>) p.get("targets");
            if (targets == null) {
                continue;
            }
            for (Object t : targets) {
                Map<?, ?> target = (Map<?, ?>) t;
                String key = p.get("title") + " / " + target.get("refId");
                Object legend = target.get("legendFormat");
                if (out.put(key, new Target((String) target.get("expr"), legend == null ? "" : (String) legend)) != null) {
                    throw new AssertionError("two targets named " + key);
                }
            }
        }
    }
}
