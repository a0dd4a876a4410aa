package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.exporter.threads.Escape;
import dev.weft.testapps.HostileNamesApp;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, end to end: threads whose names hold newlines, quotes, backslashes, control characters,
 * non-ASCII, nothing at all, JSON and Prometheus syntax or 10 000 characters
 * ({@link HostileNamesApp#NAMES}) are parked (so they are stuck), deadlocked, leaked and run a pool, and
 * every output is parsed — not searched — to read the names back: {@code /threads} (text and JSON),
 * {@code /findings}, the agent's log lines, the JFR {@code dev.weft.Finding} events, and the
 * {@code pool} label values of {@code /metrics} in all three formats. Threads that end and are renamed
 * during the scans break nothing; a discarded class loader whose threads and pool ran is collected.
 */
class HostileNamesIT {

    private static final String JDKS = "dev.weft.agent.it.Jdk#all";
    private static final String FAST = "monitor.interval=200ms,deadlock.interval=200ms,stuck.threshold=1s,leak.window=2s";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String PROTOBUF =
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    /** The documented cut of a group name (ThreadLedger.MAX_GROUP_LENGTH). */
    private static final int MAX_GROUP_LENGTH = 100;

    /** Every name the scenario gives a parked (hence stuck) thread, the deadlocked ones included. */
    private static final List<String> STUCK = new ArrayList<>(HostileNamesApp.NAMES);

    static {
        STUCK.add(HostileNamesApp.DEADLOCK_A);
        STUCK.add(HostileNamesApp.DEADLOCK_B);
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void hostileThreadNamesReadBackUnchangedFromEveryOutputAndChurnBreaksNothing(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String base = "http://127.0.0.1:" + port;
        Path jfr = Files.createTempFile("weft-names-", ".jfr");
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.HostileNamesApp").agent("port=" + port + "," + FAST)
                .jvmArg("-XX:StartFlightRecording").start()) {
            app.awaitOut(l -> l.equals("ready"));
            String startup = app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            app.send("start");
            String site = app.awaitOut(l -> l.startsWith("started leak-site=")).substring("started leak-site=".length());

            // /findings: poll (deadline) until every hostile thread is stuck, the deadlock and the leak are raised.
            String poolWorker = HostileNamesApp.POOL_PREFIX + "1";
            Map<String, Object> findings = awaitFindings(base, f -> stuckNames(f).containsAll(STUCK)
                    && stuckNames(f).contains(poolWorker) && !active(f, "deadlock").isEmpty()
                    && !active(f, "leak").isEmpty());
            // The leak's gauge, while it is surely active (it only clears a whole leak.window after the leaking
            // stops), labelled with its hostile group; then the leaking stops, to spare the rest of the test.
            assertEquals(1.0, samples(Http.get(base + "/metrics", null).body(), "jvm_threads_leak_suspected").stream()
                    .filter(s -> s.labels().get("pool").equals(group(HostileNamesApp.LEAK_PREFIX + "1")))
                    .mapToDouble(Sample::value).sum());
            app.send("leak-stop");
            app.awaitOut(l -> l.equals("leak-stopped"));
            // The deadlock: one cycle, both names read back from the summary's literals, and its details.
            List<Map<String, Object>> deadlocks = active(findings, "deadlock");
            assertEquals(1, deadlocks.size(), deadlocks.toString());
            String dl = (String) deadlocks.get(0).get("summary");
            assertEquals(List.of(HostileNamesApp.DEADLOCK_A, HostileNamesApp.DEADLOCK_B, HostileNamesApp.DEADLOCK_B,
                    HostileNamesApp.DEADLOCK_A), sorted2(literals(dl)), dl);
            // The leak: its site and its group, quoted.
            Map<String, Object> leak = active(findings, "leak").get(0);
            assertEquals(site, leak.get("location"));
            String leakSummary = (String) leak.get("summary");
            int g = leakSummary.indexOf("(group ");
            assertTrue(g > 0, leakSummary);
            assertEquals(group(HostileNamesApp.LEAK_PREFIX + "1"),
                    Json.literalAt(leakSummary, g + "(group ".length()).value(), leakSummary);
            // Each stuck finding's first detail names the thread the same way.
            for (Map<String, Object> f : active(findings, "stuck")) {
                String first = (String) ((List<?>) f.get("details")).get(0);
                assertTrue(first.startsWith("thread \""), first);
                assertEquals(Json.literalAt((String) f.get("summary"), 0).value(), Json.literalAt(first, 7).value());
            }

            // The log: every stuck name is one summary line, recognisably escaped (a JSON literal).
            for (String name : STUCK) {
                app.awaitErr(l -> l.startsWith("weft: stuck: \"") && name.equals(literalAfter(l, "weft: stuck: ")));
            }
            app.awaitErr(l -> l.startsWith("weft: deadlock: "));
            app.awaitErr(l -> l.startsWith("weft: leak: "));
            assertLogIsWellFormed(app.err(), startup);

            // /threads, text and JSON: each name in a group of its own, read back exactly.
            assertThreadsText(Http.get(base + "/threads", null).body());
            assertThreadsJson(Http.get(base + "/threads?format=json", null).body());

            // JFR: the events' summaries name the threads the same way.
            run(jdk, "jcmd", String.valueOf(app.pid()), "JFR.dump", "filename=" + jfr);
            Set<String> jfrStuck = new HashSet<>();
            List<String> jfrDeadlock = new ArrayList<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
                if (e.getEventType().getName().equals("dev.weft.Finding") && "raised".equals(e.getString("state"))) {
                    String summary = e.getString("summary");
                    if ("stuck".equals(e.getString("kind"))) {
                        jfrStuck.add(Json.literalAt(summary, 0).value());
                    } else if ("deadlock".equals(e.getString("kind"))) {
                        jfrDeadlock.addAll(literals(summary));
                    }
                    for (String line : e.getString("details").split("\n", -1)) {
                        assertNoLineBreakingCharacter(line);
                    }
                }
            }
            assertTrue(jfrStuck.containsAll(STUCK), "JFR stuck names " + jfrStuck);
            assertEquals(List.of(HostileNamesApp.DEADLOCK_A, HostileNamesApp.DEADLOCK_B, HostileNamesApp.DEADLOCK_B,
                    HostileNamesApp.DEADLOCK_A), sorted2(jfrDeadlock));

            // /metrics: the pool labels decode back to the groups, in every format; promtool accepts the text.
            Map<String, Double> groups = new HashMap<>();
            Set<String> expectedGroups = new LinkedHashSet<>();
            for (String name : STUCK) {
                expectedGroups.add(group(name));
            }
            String text = Http.get(base + "/metrics", "text/plain; version=0.0.4").body();
            for (Sample s : samples(text, "jvm_threads_pool_current")) {
                groups.put(s.labels().get("pool"), s.value());
            }
            for (String grp : expectedGroups) {
                assertEquals(1.0, groups.get(grp), "jvm_threads_pool_current{pool=" + Escape.json(grp) + "} in " + groups.keySet());
            }
            assertTrue(groups.containsKey(group(HostileNamesApp.LEAK_PREFIX + "1")), groups.keySet().toString());
            Set<String> stuckPools = new HashSet<>();
            for (Sample s : samples(text, "jvm_threads_stuck")) {
                stuckPools.add(s.labels().get("pool"));
            }
            assertTrue(stuckPools.containsAll(expectedGroups), stuckPools.toString());
            assertTrue(samples(text, "executor_active_threads").stream()
                    .anyMatch(s -> s.labels().get("name").equals(group(poolWorker))), text);
            AttachIT.promtool(text);

            HttpResponse<String> om = Http.get(base + "/metrics", OPENMETRICS);
            assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
            assertTrue(om.body().endsWith("# EOF\n"), "one # EOF, at the end");
            assertEquals(om.body().length() - "# EOF\n".length(), om.body().indexOf("\n# EOF\n") + 1, "one # EOF");
            Set<String> omGroups = new HashSet<>();
            for (Sample s : samples(om.body(), "jvm_threads_pool_current")) {
                omGroups.add(s.labels().get("pool"));
            }
            assertTrue(omGroups.containsAll(expectedGroups), omGroups.toString());

            HttpResponse<byte[]> pb = Http.getBytes(base + "/metrics", PROTOBUF);
            assertTrue(pb.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.google.protobuf"));
            Set<String> pbGroups = new HashSet<>();
            ByteArrayInputStream in = new ByteArrayInputStream(pb.body());
            Metrics.MetricFamily family;
            while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
                if (family.getName().equals("jvm_threads_pool_current")) {
                    for (Metrics.Metric m : family.getMetricList()) {
                        for (Metrics.LabelPair l : m.getLabelList()) {
                            if (l.getName().equals("pool")) {
                                pbGroups.add(l.getValue());
                            }
                        }
                    }
                }
            }
            assertTrue(pbGroups.containsAll(expectedGroups), pbGroups.toString());

            // Churn: threads start, rename themselves and end while /threads, /findings and the monitor run.
            long runsBefore = runs(Http.get(base + "/findings", null).body());
            app.send("churn on");
            app.awaitOut(l -> l.equals("churning"));
            // At least 3 s, 3 rounds of requests and 40 threads churned (a round can take a second, and a churned
            // thread's life much longer than its 40 ms, on a loaded machine), within the deadline.
            long start = System.nanoTime();
            int requests = 0;
            while (System.nanoTime() - start < 3_000_000_000L || requests < 3 || churnedSoFar(app) < 40) {
                assertTrue(System.nanoTime() - start < ChildJvm.DEADLINE.toNanos(), "churn too slow");
                HttpResponse<String> t = Http.get(base + "/threads", null);
                assertEquals(200, t.statusCode(), t.body());
                assertThreadsTextIsWellFormed(t.body());
                HttpResponse<String> j = Http.get(base + "/threads?format=json", null);
                assertEquals(200, j.statusCode(), j.body());
                Json.parse(j.body());
                HttpResponse<String> f = Http.get(base + "/findings", null);
                assertEquals(200, f.statusCode(), f.body());
                Json.parse(f.body());
                requests++;
            }
            app.send("churn off");
            String churned = app.awaitOut(l -> l.startsWith("churned "));
            assertTrue(Long.parseLong(churned.substring("churned ".length())) >= 40, churned);
            // The monitor ran during the churn too (deadline: a few more rounds after it).
            long deadline = System.nanoTime() + ChildJvm.DEADLINE.toNanos();
            while (runs(Http.get(base + "/findings", null).body()) < runsBefore + 10 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String after = Http.get(base + "/metrics", null).body();
            assertEquals(0.0, Http.sample(after, "weft_internal_errors_total"), "internal errors");
            assertLogIsWellFormed(app.err(), startup);
        } finally {
            Files.deleteIfExists(jfr);
        }
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void threadsAndPoolOfADiscardedClassLoaderDoNotKeepItAlive(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String base = "http://127.0.0.1:" + port;
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.HostileNamesApp").agent("port=" + port + "," + FAST)
                .start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            Http.awaitOk(base + "/metrics", ChildJvm.DEADLINE);
            // With the hostile scenario running, its deadlock included: the deadlock detector once took the locked
            // synchronizers at every interval, a heap walk that kept the discarded loader below from being collected.
            app.send("start");
            app.awaitOut(l -> l.startsWith("started "));
            awaitFindings(base, f -> !active(f, "deadlock").isEmpty());
            app.send("leak-stop");
            app.awaitOut(l -> l.equals("leak-stopped"));
            long deadline = System.nanoTime() + ChildJvm.DEADLINE.toNanos();
            // A discarded class loader: its Thread subclass, its lambda on a plain thread and its pool (factory and
            // tasks its classes, context class loader itself) run while the monitor and every reader see them; once
            // they ended and the application let go, the loader is collected: Weft keeps no reference to it.
            app.send("loader");
            app.awaitOut(l -> l.equals("loader done"));
            long runs = runs(Http.get(base + "/findings", null).body());
            while (runs(Http.get(base + "/findings", null).body()) < runs + 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Json.parse(Http.get(base + "/threads?format=json", null).body());
            String metrics = Http.get(base + "/metrics", null).body();
            assertTrue(metrics.contains("jvm_threads_pool_started_total{pool=\"payload-pool\\n\\\"#\\\"\"} 2.0"), metrics);
            app.send("loader-gc");
            String gc = app.awaitOut(l -> l.startsWith("loader collected") || l.startsWith("loader retained"));
            assertTrue(gc.startsWith("loader collected"), gc);

            assertEquals(0.0, Http.sample(Http.get(base + "/metrics", null).body(), "weft_internal_errors_total"));
        }
    }

    // ---- expectations ----------------------------------------------------------------------------

    /**
     * The documented group of a name: digit runs become {@code #}; cut to 100 characters, but never
     * between the two halves of a surrogate pair; a lone surrogate becomes U+FFFD; empty is
     * {@code (unnamed)}.
     */
    static String group(String name) {
        if (name.isEmpty()) {
            return "(unnamed)";
        }
        int n = Math.min(name.length(), MAX_GROUP_LENGTH);
        if (n < name.length() && Character.isHighSurrogate(name.charAt(n - 1))
                && Character.isLowSurrogate(name.charAt(n))) {
            n--;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c >= '0' && c <= '9') {
                if (i == 0 || !(name.charAt(i - 1) >= '0' && name.charAt(i - 1) <= '9')) {
                    b.append('#');
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(name.charAt(i + 1))) {
                b.append(c).append(name.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }

    // ---- /findings -------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitFindings(String base, Predicate<Map<String, Object>> done)
            throws Exception {
        long end = System.nanoTime() + ChildJvm.DEADLINE.toNanos();
        Map<String, Object> last = null;
        while (System.nanoTime() < end) {
            last = (Map<String, Object>) Json.parse(Http.get(base + "/findings", null).body());
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("findings not complete within " + ChildJvm.DEADLINE + ": stuck " + stuckNames(last)
                + "\n" + last);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> active(Map<String, Object> findings, String kind) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<Object>) findings.get("active")) {
            Map<String, Object> f = (Map<String, Object>) o;
            if (kind.equals(f.get("kind"))) {
                out.add(f);
            }
        }
        return out;
    }

    /** The thread each active stuck finding names: the JSON literal its summary starts with. */
    private static Set<String> stuckNames(Map<String, Object> findings) {
        Set<String> names = new HashSet<>();
        if (findings != null) {
            for (Map<String, Object> f : active(findings, "stuck")) {
                names.add(Json.literalAt((String) f.get("summary"), 0).value());
            }
        }
        return names;
    }

    private static long churnedSoFar(ChildJvm app) throws Exception {
        int from = app.outSize();
        app.send("churn count");
        return Long.parseLong(app.awaitOut(l -> l.startsWith("churn-count "), from).substring("churn-count ".length()));
    }

    private static long runs(String findingsJson) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(findingsJson);
        return ((Double) m.get("monitorRuns")).longValue();
    }

    /**
     * The names a deadlock summary quotes ({@code N threads in a cycle: "a" waits at … held by "b"; "b" …}):
     * each thread, then its lock's owner.
     */
    private static List<String> literals(String summary) {
        List<String> out = new ArrayList<>();
        int i = summary.indexOf("cycle: ") + "cycle: ".length();
        while (true) {
            Json.Literal waiter = Json.literalAt(summary, i);
            out.add(waiter.value());
            int held = summary.indexOf(" held by ", waiter.end());
            Json.Literal owner = Json.literalAt(summary, held + " held by ".length());
            out.add(owner.value());
            if (!summary.startsWith("; ", owner.end())) {
                assertEquals(summary.length(), owner.end(), summary);
                return out;
            }
            i = owner.end() + 2;
        }
    }

    /** A cycle of two starts at the lower thread id: put it in a fixed order, (A, B) first. */
    private static List<String> sorted2(List<String> l) {
        assertEquals(4, l.size(), l.toString());
        return l.get(0).equals(HostileNamesApp.DEADLOCK_A) ? l : List.of(l.get(2), l.get(3), l.get(0), l.get(1));
    }

    private static String literalAfter(String line, String prefix) {
        try {
            return Json.literalAt(line, prefix.length()).value();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- the log ---------------------------------------------------------------------------------

    /**
     * Every line on stderr is Weft's: the start-up line, a finding's summary ({@code weft: kind: …}) or one
     * of its details, indented by four spaces — so no name started a line of its own — and no line holds a
     * character that a terminal or a log collector would take as a line break or a control sequence.
     */
    private static void assertLogIsWellFormed(List<String> err, String startup) {
        boolean inFinding = false;
        for (String line : err) {
            assertNoLineBreakingCharacter(line);
            if (line.equals(startup)) {
                inFinding = false;
            } else if (line.matches("weft: [a-z_]+( cleared)?: .*")) {
                inFinding = true;
                assertFalse(line.startsWith("weft: deadlock: fake"), line);
            } else {
                assertTrue(inFinding && line.startsWith("    "), "a line that is neither a summary nor a detail: "
                        + line + "\nin\n" + String.join("\n", err));
                assertFalse(line.startsWith("    at evil.Fake"), "a name faked a detail line: " + line);
            }
        }
    }

    private static void assertNoLineBreakingCharacter(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            assertFalse(c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029',
                    "raw U+" + String.format("%04X", (int) c) + " in line: " + Escape.json(line));
        }
    }

    // ---- /threads --------------------------------------------------------------------------------

    private static final List<Pattern> TEXT_LINES = List.of(
            Pattern.compile("threads: \\d+ in \\d+ groups by identical stack, .*"),
            Pattern.compile("virtual threads: \\d+ of \\d+ live listed .*"),
            Pattern.compile("not shown: \\d+ threads beyond the per-request bound"),
            Pattern.compile(""),
            Pattern.compile("\\d+( virtual)? threads?: [A-Z_]+ \\d+.*"),
            Pattern.compile("  names: .*"),
            Pattern.compile("  waiting for .*"),
            Pattern.compile("  created at.*"),
            Pattern.compile("    at .*"));

    /**
     * Every line of the text page is one of its kinds, each group's header is followed by its names line,
     * and the names line is nothing but JSON literals; @return the names listed.
     */
    private static List<String> assertThreadsTextIsWellFormed(String page) {
        List<String> names = new ArrayList<>();
        String[] lines = page.split("\n", -1);
        assertEquals("", lines[lines.length - 1], "ends with a newline");
        for (int k = 0; k < lines.length - 1; k++) {
            String line = lines[k];
            assertNoLineBreakingCharacter(line);
            assertTrue(TEXT_LINES.stream().anyMatch(p -> p.matcher(line).matches()), "unexpected line: " + line);
            if (line.matches("\\d+( virtual)? threads?: .*")) {
                assertTrue(lines[k + 1].startsWith("  names: "), "no names after " + line);
            }
            if (line.startsWith("  names: ")) {
                int i = "  names: ".length();
                while (true) {
                    Json.Literal l = Json.literalAt(line, i);
                    names.add(l.value());
                    if (line.startsWith(", ", l.end())) {
                        i = l.end() + 2;
                    } else {
                        assertTrue(l.end() == line.length() || line.substring(l.end()).matches(" and \\d+ more"),
                                line);
                        break;
                    }
                }
            }
            if (line.startsWith("  waiting for \"")) {
                Json.Literal lock = Json.literalAt(line, "  waiting for ".length());
                if (lock.end() < line.length()) {
                    assertTrue(line.startsWith(" held by \"", lock.end()), line);
                    assertEquals(line.length(), Json.literalAt(line, lock.end() + " held by ".length()).end(), line);
                }
            }
        }
        return names;
    }

    private static void assertThreadsText(String page) {
        List<String> names = assertThreadsTextIsWellFormed(page);
        for (String name : STUCK) {
            assertTrue(names.contains(name), name.length() + "-char name " + Escape.json(name) + " not listed");
        }
        // The deadlocked threads' groups name the owner of what they wait for.
        String[] lines = page.split("\n");
        int found = 0;
        for (int k = 0; k < lines.length - 1; k++) {
            if (lines[k].startsWith("  names: ") && lines[k + 1].startsWith("  waiting for ")) {
                String waiter = Json.literalAt(lines[k], "  names: ".length()).value();
                String rest = lines[k + 1];
                int held = rest.indexOf(" held by \"", Json.literalAt(rest, "  waiting for ".length()).end());
                if (held > 0 && (waiter.equals(HostileNamesApp.DEADLOCK_A) || waiter.equals(HostileNamesApp.DEADLOCK_B))) {
                    String owner = Json.literalAt(rest, held + " held by ".length()).value();
                    assertEquals(waiter.equals(HostileNamesApp.DEADLOCK_A) ? HostileNamesApp.DEADLOCK_B
                            : HostileNamesApp.DEADLOCK_A, owner);
                    found++;
                }
            }
        }
        assertEquals(2, found, page);
    }

    @SuppressWarnings("unchecked")
    private static void assertThreadsJson(String json) {
        Map<String, Object> doc = (Map<String, Object>) Json.parse(json);
        Set<String> names = new HashSet<>();
        Map<String, String> owners = new HashMap<>();
        for (Object o : (List<Object>) doc.get("groups")) {
            Map<String, Object> grp = (Map<String, Object>) o;
            List<Object> ns = (List<Object>) grp.get("names");
            for (Object n : ns) {
                names.add((String) n);
            }
            if (ns.size() == 1 && grp.get("lockOwner") != null) {
                owners.put((String) ns.get(0), (String) grp.get("lockOwner"));
            }
        }
        assertTrue(names.containsAll(STUCK), names.toString());
        assertEquals(HostileNamesApp.DEADLOCK_B, owners.get(HostileNamesApp.DEADLOCK_A));
        assertEquals(HostileNamesApp.DEADLOCK_A, owners.get(HostileNamesApp.DEADLOCK_B));
    }

    // ---- /metrics --------------------------------------------------------------------------------

    /** One sample of the text formats: its labels, unescaped, and its value. */
    record Sample(Map<String, String> labels, double value) {
    }

    /**
     * The samples of {@code family} in the text format or OpenMetrics, parsed: label values unescaped
     * ({@code \\}, {@code \"}, {@code \n}) — a strict reader, so a value that is not escaped right fails.
     */
    static List<Sample> samples(String text, String family) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith(family + "{")) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            int i = family.length() + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                String name = line.substring(i, eq);
                assertTrue(name.matches("[a-zA-Z_][a-zA-Z0-9_]*"), line);
                StringBuilder v = new StringBuilder();
                int k = eq + 2;
                while (line.charAt(k) != '"') {
                    char c = line.charAt(k++);
                    if (c == '\\') {
                        char e = line.charAt(k++);
                        switch (e) {
                            case '\\' -> v.append('\\');
                            case '"' -> v.append('"');
                            case 'n' -> v.append('\n');
                            default -> throw new AssertionError("bad escape \\" + e + " in " + line);
                        }
                    } else {
                        v.append(c);
                    }
                }
                labels.put(name, v.toString());
                i = k + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            Matcher m = Pattern.compile("} (\\S+)( \\S+)?").matcher(line.substring(i));
            assertTrue(m.matches(), line);
            out.add(new Sample(labels, Double.parseDouble(m.group(1))));
        }
        return out;
    }

    private static String run(Jdk jdk, String tool, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.home().resolve("bin").resolve(tool).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
