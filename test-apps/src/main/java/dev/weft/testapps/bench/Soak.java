package dev.weft.testapps.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Soak: {@link Churn} (thread, executor and lock churn) with the agent attached for a number of
 * minutes (default 10), sampling every {@code --interval} seconds (default 10) the child's heap
 * after full collections and metaspace, and the agent's own ledger sizes — platform threads it
 * tracks, thread pools it tracks, active findings (its index page), the number of series and bytes
 * of {@code /metrics}, bytes of {@code /contention?format=json}, internal errors and dropped series.
 * Prints one row per sample and a verdict:
 * <ul>
 *   <li><b>flat</b>: for every measure, the average over the last tenth of the run (for 10 minutes,
 *       the last minute) is at most {@code --tolerance} per cent (default 10) above the average over
 *       the second tenth (the second minute: the first is start-up and JIT), plus an absolute slack
 *       of 2 for the small counts and 1 MB for the memory figures; and</li>
 *   <li><b>no monotonic growth</b>: no ledger size rose at every sample from the second tenth on.</li>
 * </ul>
 * To say where any growth went, it takes a {@code jcmd GC.class_histogram} at the start of the
 * second tenth and at the end and prints the classes that grew most, the JDK's included. Exit code
 * 0 when flat, 1 when not.
 *
 * <pre>
 * java -cp "test-apps/target/weft-test-apps.jar:test-apps/target/lib/*" dev.weft.testapps.bench.Soak
 *     [--minutes M] [--quick] [--interval S] [--tolerance PCT] [--java JAVA_HOME] [--agent-args k=v,...]
 * </pre>
 * {@code --quick} is 2 minutes. {@code --no-agent} runs the same churn without the agent (a baseline:
 * the program's own heap must be flat), {@code --jvm-arg} adds a JVM option to the child (e.g.
 * {@code -XX:-FlightRecorder} to tell the JFR stream's share).
 */
public final class Soak {

    private static final Pattern HEAP = Pattern.compile("heap used=(\\d+) metaspace=(-?\\d+)");
    private static final Pattern TRACKED = Pattern.compile("Platform threads tracked: (\\d+) live");
    private static final Pattern POOLS = Pattern.compile("Thread pools tracked: (\\d+)");
    private static final Pattern FINDINGS = Pattern.compile("Findings: (\\d+) active");

    private Soak() {
    }

    /** One sample; the ledger sizes are the measures after the two memory figures. */
    record Sample(double seconds, double heapMb, double metaspaceMb, double liveThreadsApp, double trackedThreads,
            double trackedPools, double findings, double series, double metricsKb, double contentionKb,
            double internalErrors, double seriesDropped) {
    }

    private record Measure(String name, ToDoubleFunction<Sample> get, double slack, boolean ledger) {
    }

    private static final List<Measure> MEASURES = List.of(
            new Measure("heap after GC (MB)", Sample::heapMb, 1, false),
            new Measure("metaspace (MB)", Sample::metaspaceMb, 1, false),
            new Measure("threads tracked", Sample::trackedThreads, 2, true),
            new Measure("pools tracked", Sample::trackedPools, 2, true),
            new Measure("findings active", Sample::findings, 2, true),
            new Measure("/metrics series", Sample::series, 2, true),
            new Measure("/metrics KB", Sample::metricsKb, 2, true),
            new Measure("/contention KB", Sample::contentionKb, 2, true));

    public static void main(String[] args) throws Exception {
        double minutes = 10;
        int interval = 10;
        double tolerance = 10;
        String javaHome = null;
        String agentArgs = "";
        boolean agent = true;
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx512m"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> minutes = 2;
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--interval" -> interval = Integer.parseInt(args[++i]);
                case "--tolerance" -> tolerance = Double.parseDouble(args[++i]);
                case "--java" -> javaHome = args[++i];
                case "--agent-args" -> agentArgs = args[++i];
                case "--no-agent" -> agent = false;
                case "--jvm-arg" -> jvmArgs.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: Soak [--minutes M] [--quick] [--interval S] [--tolerance PCT] [--java JAVA_HOME]"
                        + " [--agent-args k=v,...] [--no-agent] [--jvm-arg ARG]...");
            }
        }
        String java = Child.java(javaHome);
        System.out.printf(Locale.ROOT, "soak: %.1f minutes of churn %s on %s %s, a sample every %d s%n",
                minutes, agent ? "with the agent" : "WITHOUT the agent (baseline)", java, jvmArgs, interval);
        List<Sample> samples = new ArrayList<>();
        try (Child c = Child.start(java, agent, agentArgs, jvmArgs, Churn.class.getName())) {
            c.await("ready", 60_000);
            if (agent) {
                c.awaitAgent(120_000);
            }
            Map<String, long[]> before = null;
            long t0 = System.nanoTime();
            long end = t0 + (long) (minutes * 60e9);
            System.out.printf(Locale.ROOT, "%7s %9s %9s %8s %8s %6s %8s %8s %8s %9s %7s %7s%n", "t(s)", "heap MB",
                    "meta MB", "threads", "tracked", "pools", "findings", "series", "metr KB", "content KB",
                    "errors", "dropped");
            long next = t0 + TimeUnit.SECONDS.toNanos(interval);
            while (next <= end) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                Sample s = sample(c, (System.nanoTime() - t0) / 1e9);
                samples.add(s);
                System.out.println(String.format(Locale.ROOT,
                        "%7.0f %9.2f %9.2f %8.0f %8.0f %6.0f %8.0f %8.0f %8.1f %9.1f %7.0f %7.0f",
                        s.seconds(), s.heapMb(), s.metaspaceMb(), s.liveThreadsApp(), s.trackedThreads(),
                        s.trackedPools(), s.findings(), s.series(), s.metricsKb(), s.contentionKb(),
                        s.internalErrors(), s.seriesDropped()).replace("NaN", "  -")); // - : not measured (no agent)
                if (before == null && s.seconds() >= minutes * 6 - 0.5) {
                    // at the start of the verdict's baseline window (the second tenth)
                    before = HeapBench.histogram(jcmd(java), c.pid());
                    System.out.printf(Locale.ROOT, "        agent-class instances now (jcmd GC.class_histogram): %.2f MB%n",
                            HeapBench.mb(agentBytes(before)));
                }
                next += TimeUnit.SECONDS.toNanos(interval);
            }
            System.out.println(c.ask("stats", "stats ", 30_000));
            Map<String, long[]> after = HeapBench.histogram(jcmd(java), c.pid());
            System.out.printf(Locale.ROOT, "agent-class instances at the end (jcmd GC.class_histogram): %.2f MB%n",
                    HeapBench.mb(agentBytes(after)));
            if (before != null) {
                printGrowth(before, after);
            }
        }
        boolean flat = verdict(samples, minutes * 60, tolerance);
        System.exit(flat ? 0 : 1);
    }

    private static String jcmd(String java) {
        return new File(new File(java).getParentFile(), "jcmd").getPath();
    }

    private static long agentBytes(Map<String, long[]> histogram) {
        return histogram.entrySet().stream().filter(e -> HeapBench.isAgentClass(e.getKey()))
                .mapToLong(e -> e.getValue()[1]).sum();
    }

    /**
     * The classes whose instances grew most between the two histograms (all classes, the JDK's
     * included: a growing JFR consumer cache, say, shows as {@code jdk.jfr.consumer.*} here).
     */
    private static void printGrowth(Map<String, long[]> before, Map<String, long[]> after) {
        if (after.isEmpty()) {
            return;
        }
        System.out.println("largest growth by class from the second tenth of the run to the end"
                + " (jcmd GC.class_histogram, shallow bytes):");
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                    e.getValue()[0] - before.getOrDefault(e.getKey(), new long[2])[0],
                    e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1]}))
                .filter(e -> e.getValue()[1] > 0)
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(8)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %+10d B %+9d instances  %s%n", e.getValue()[1],
                        e.getValue()[0], e.getKey()));
    }

    private static Sample sample(Child c, double seconds) throws Exception {
        Matcher heap = HEAP.matcher(c.ask("heap", "heap used=", 120_000));
        if (!heap.find()) {
            throw new IllegalStateException("unexpected heap line");
        }
        if (c.agentPort < 0) {
            double nan = Double.NaN;
            return new Sample(seconds, HeapBench.mb(Long.parseLong(heap.group(1))),
                    HeapBench.mb(Long.parseLong(heap.group(2))), nan, nan, nan, nan, nan, nan, nan, nan, nan);
        }
        String index = c.agentGet("/");
        String metrics = c.agentGet("/metrics");
        String contention = c.agentGet("/contention?format=json");
        int series = 0;
        for (String line : metrics.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                series++;
            }
        }
        return new Sample(seconds, HeapBench.mb(Long.parseLong(heap.group(1))),
                HeapBench.mb(Long.parseLong(heap.group(2))), metric(metrics, "jvm_threads_current"),
                find(TRACKED, index), find(POOLS, index), find(FINDINGS, index), series, metrics.length() / 1024.0,
                contention.length() / 1024.0, metric(metrics, "weft_internal_errors_total"),
                sum(metrics, "weft_series_dropped_total"));
    }

    /** The verdict over the samples; prints it and returns whether everything is flat. */
    static boolean verdict(List<Sample> samples, double runSeconds, double tolerancePct) {
        double tenth = runSeconds / 10;
        List<Sample> second = window(samples, tenth, 2 * tenth);
        List<Sample> last = window(samples, runSeconds - tenth, Double.MAX_VALUE);
        if (second.isEmpty() || last.isEmpty()) {
            System.out.println("verdict: too few samples for the two windows (run longer or sample more often)");
            return false;
        }
        System.out.printf(Locale.ROOT, "%nverdict: average of the second tenth (%.0f-%.0f s, %d samples) against the"
                + " last tenth (from %.0f s, %d samples), tolerance %.0f %%%n", tenth, 2 * tenth, second.size(),
                runSeconds - tenth, last.size(), tolerancePct);
        boolean allFlat = true;
        int from = samples.indexOf(second.get(0));
        for (Measure m : MEASURES) {
            double a = average(second, m.get());
            double b = average(last, m.get());
            if (Double.isNaN(a) || Double.isNaN(b)) {
                continue; // not measured (no agent)
            }
            boolean flat = b <= a * (1 + tolerancePct / 100) + m.slack();
            boolean monotonic = m.ledger() && risesAtEverySample(samples.subList(from, samples.size()), m.get());
            allFlat &= flat && !monotonic;
            System.out.printf(Locale.ROOT, "  %-20s %10.2f -> %10.2f  %s%s%n", m.name(), a, b,
                    flat ? "flat" : "GROWING", monotonic ? ", rising at every sample" : "");
        }
        Sample end = samples.get(samples.size() - 1);
        if (!Double.isNaN(end.internalErrors())) {
            System.out.printf(Locale.ROOT, "  internal errors %.0f, dropped series %.0f%n", end.internalErrors(),
                    end.seriesDropped());
        }
        System.out.println(allFlat ? "verdict: FLAT" : "verdict: NOT FLAT");
        return allFlat;
    }

    private static List<Sample> window(List<Sample> samples, double from, double to) {
        return samples.stream().filter(s -> s.seconds() >= from - 0.5 && s.seconds() < to).toList();
    }

    private static double average(List<Sample> samples, ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static boolean risesAtEverySample(List<Sample> samples, ToDoubleFunction<Sample> f) {
        if (samples.size() < 3) {
            return false;
        }
        for (int i = 1; i < samples.size(); i++) {
            if (f.applyAsDouble(samples.get(i)) <= f.applyAsDouble(samples.get(i - 1))) {
                return false;
            }
        }
        return true;
    }

    private static double find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** The value of an unlabelled sample {@code name} in a text exposition, or NaN. */
    static double metric(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim().split(" ")[0]);
            }
        }
        return Double.NaN;
    }

    /** The sum of every sample of {@code name}, labelled or not; 0 when absent. */
    static double sum(String text, String name) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                String[] f = line.substring(line.lastIndexOf(line.contains("}") ? '}' : ' ') + 1).trim().split(" ");
                total += Double.parseDouble(f[0]);
            }
        }
        return total;
    }
}
