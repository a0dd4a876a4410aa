package dev.weft.testapps.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the macro benchmark's service spends what the agent adds, by cause rather than by ratio:
 * {@link HttpService} under the same closed-loop load as {@link HttpBench}, once without and once with
 * the agent (its {@code /metrics} scraped every 10 s), and for the measured window:
 * <ul>
 *   <li>CPU time per thread group (Linux {@code /proc/<pid>/task/<tid>/schedstat}, nanoseconds on a CPU,
 *       grouped by the native thread name with digit runs as {@code #}), in ms per second — so the agent's
 *       own threads ({@code weft-*}, {@code JFR *}), the VM thread, the compilers and the GC are told apart;</li>
 *   <li>safepoints and handshakes by VM operation ({@code -Xlog:safepoint=info,handshake=info}): count per
 *       minute, total and longest time. Counts are robust to the machine's load, times are not.</li>
 * </ul>
 * The throughput printed is informative only (one run each); use {@link HttpBench} for the ratios.
 *
 * <pre>
 * java -cp "test-apps/target/weft-test-apps.jar:test-apps/target/lib/*" dev.weft.testapps.bench.HttpProfile
 *     [--java JAVA_HOME] [--warmup S] [--measure S] [--connections C] [--agent-args k=v,...] [--only none|weft]
 *     [--jvm-arg ARG]...
 * </pre>
 */
public final class HttpProfile {

    private static final Pattern OP = Pattern.compile("(Safepoint|Handshake) \"([^\"]+)\"");
    private static final Pattern TOTAL = Pattern.compile("Total(?: completion time)?: (\\d+) ns");
    private static final Pattern REACHING = Pattern.compile("Reaching safepoint: (\\d+) ns");

    private HttpProfile() {
    }

    /** Count and times of one VM operation in the window. */
    static final class Op {
        long count;
        long totalNanos;
        long maxNanos;
        long reachingNanos;
    }

    /** What one variant measured. */
    record Profile(double seconds, double reqPerSec, Map<String, Long> cpuNanosByGroup, Map<String, Op> ops) {
    }

    public static void main(String[] args) throws Exception {
        int warmup = 20;
        int measure = 60;
        int connections = 16;
        String javaHome = null;
        String agentArgs = "";
        String only = null;
        List<String> jvmArgs = new ArrayList<>(List.of("-Xms256m", "-Xmx256m"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--measure" -> measure = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--java" -> javaHome = args[++i];
                case "--agent-args" -> agentArgs = args[++i];
                case "--only" -> only = args[++i];
                case "--jvm-arg" -> jvmArgs.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: HttpProfile [--java JAVA_HOME] [--warmup S] [--measure S] [--connections C]"
                        + " [--agent-args k=v,...] [--only none|weft] [--jvm-arg ARG]...");
            }
        }
        String java = Child.java(javaHome);
        System.out.printf(Locale.ROOT, "HTTP service profile on %s; %d s warm-up + %d s measured, %d connections%n",
                java, warmup, measure, connections);
        Profile none = "weft".equals(only) ? null : run(java, false, agentArgs, jvmArgs, warmup, measure, connections);
        Profile weft = "none".equals(only) ? null : run(java, true, agentArgs, jvmArgs, warmup, measure, connections);
        print(none, weft);
    }

    private static Profile run(String java, boolean agent, String agentArgs, List<String> jvmArgs, int warmup,
            int measure, int connections) throws Exception {
        Path log = Files.createTempFile("weft-http-profile", ".log");
        List<String> args = new ArrayList<>(jvmArgs);
        args.add("-Xlog:safepoint=info,handshake=info:file=" + log + ":uptime");
        try (Child service = Child.start(java, agent, agentArgs, args, HttpService.class.getName())) {
            int port = Integer.parseInt(service.await("ready port=", 60_000).substring("ready port=".length()));
            if (agent) {
                service.awaitAgent(60_000);
            }
            try (LoadGenerator load = new LoadGenerator(port, connections, 0)) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
                load.interval();
                long logFrom = Files.size(log);
                Map<String, Long> cpu0 = threadCpu(service.pid());
                long t0 = System.nanoTime();
                long end = t0 + TimeUnit.SECONDS.toNanos(measure);
                long nextScrape = t0;
                long now;
                while ((now = System.nanoTime()) < end) {
                    if (agent && now >= nextScrape) {
                        service.agentGet("/metrics");
                        nextScrape += TimeUnit.SECONDS.toNanos(10);
                    }
                    Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(end, nextScrape) - now)));
                }
                Map<String, Long> cpu1 = threadCpu(service.pid());
                long t1 = System.nanoTime();
                long logTo = Files.size(log);
                long n = load.interval().getTotalCount();
                double seconds = (t1 - t0) / 1e9;
                Map<String, Long> byGroup = new TreeMap<>();
                for (Map.Entry<String, Long> e : cpu1.entrySet()) {
                    long before = cpu0.getOrDefault(e.getKey(), 0L);
                    String group = e.getKey().substring(e.getKey().indexOf(' ') + 1).replaceAll("\\d+", "#");
                    byGroup.merge(group, e.getValue() - before, Long::sum);
                }
                return new Profile(seconds, n / seconds, byGroup, ops(log, logFrom, logTo));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** {@code "<tid> <name>"} → nanoseconds on a CPU, for every thread of the process now. */
    static Map<String, Long> threadCpu(long pid) throws IOException {
        Map<String, Long> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(t.resolve("comm")).trim();
                    String stat = Files.readString(t.resolve("schedstat")).trim();
                    out.put(t.getFileName() + " " + name, Long.parseLong(stat.split(" ")[0]));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return out;
    }

    private static Map<String, Op> ops(Path log, long from, long to) throws IOException {
        byte[] b = new byte[(int) (to - from)];
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(from);
            f.readFully(b);
        }
        Map<String, Op> ops = new TreeMap<>();
        for (String line : new String(b, StandardCharsets.UTF_8).split("\n")) {
            Matcher m = OP.matcher(line);
            Matcher t = TOTAL.matcher(line);
            if (!m.find() || !t.find()) {
                continue;
            }
            Op op = ops.computeIfAbsent(m.group(1).toLowerCase(Locale.ROOT) + " " + m.group(2), k -> new Op());
            long total = Long.parseLong(t.group(1));
            op.count++;
            op.totalNanos += total;
            op.maxNanos = Math.max(op.maxNanos, total);
            Matcher r = REACHING.matcher(line);
            if (r.find()) {
                op.reachingNanos += Long.parseLong(r.group(1));
            }
        }
        return ops;
    }

    private static void print(Profile none, Profile weft) {
        System.out.println();
        System.out.printf(Locale.ROOT, "throughput (one run, informative): none %s, weft %s req/s%n",
                none == null ? "-" : String.format(Locale.ROOT, "%.0f", none.reqPerSec()),
                weft == null ? "-" : String.format(Locale.ROOT, "%.0f", weft.reqPerSec()));
        System.out.println();
        System.out.println("CPU by thread group, ms per second of the window");
        System.out.printf(Locale.ROOT, "%-20s %10s %10s %10s%n", "threads", "none", "weft", "difference");
        TreeSet<String> groups = new TreeSet<>();
        List<Profile> both = new ArrayList<>();
        for (Profile p : new Profile[] {none, weft}) {
            if (p != null) {
                groups.addAll(p.cpuNanosByGroup().keySet());
                both.add(p);
            }
        }
        double[] sums = new double[2];
        for (String g : groups) {
            double a = msPerSec(none, g);
            double w = msPerSec(weft, g);
            sums[0] += a;
            sums[1] += w;
            if (a >= 0.05 || w >= 0.05) {
                System.out.printf(Locale.ROOT, "%-20s %10.2f %10.2f %+10.2f%n", g, a, w, w - a);
            }
        }
        System.out.printf(Locale.ROOT, "%-20s %10.2f %10.2f %+10.2f%n", "all", sums[0], sums[1], sums[1] - sums[0]);
        System.out.println();
        System.out.println("safepoints and handshakes by VM operation: count per minute, total ms per minute"
                + " (of which reaching the safepoint), longest ms (none / weft)");
        TreeSet<String> names = new TreeSet<>();
        for (Profile p : both) {
            names.addAll(p.ops().keySet());
        }
        System.out.printf(Locale.ROOT, "%-40s %15s %19s %19s %17s%n", "operation", "per minute", "ms per minute",
                "reaching ms/min", "longest ms");
        for (String n : names) {
            Op a = none == null ? null : none.ops().get(n);
            Op w = weft == null ? null : weft.ops().get(n);
            System.out.printf(Locale.ROOT, "%-40s %6s / %6s %8s / %8s %8s / %8s %7s / %7s%n", n,
                    perMin(none, a == null ? 0 : a.count), perMin(weft, w == null ? 0 : w.count),
                    msPerMin(none, a == null ? 0 : a.totalNanos), msPerMin(weft, w == null ? 0 : w.totalNanos),
                    msPerMin(none, a == null ? 0 : a.reachingNanos), msPerMin(weft, w == null ? 0 : w.reachingNanos),
                    ms(a == null ? 0 : a.maxNanos), ms(w == null ? 0 : w.maxNanos));
        }
    }

    private static double msPerSec(Profile p, String group) {
        return p == null ? 0 : p.cpuNanosByGroup().getOrDefault(group, 0L) / 1e6 / p.seconds();
    }

    private static String perMin(Profile p, long count) {
        return p == null ? "-" : String.format(Locale.ROOT, "%.1f", count * 60 / p.seconds());
    }

    private static String msPerMin(Profile p, long nanos) {
        return p == null ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1e6 * 60 / p.seconds());
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }
}
