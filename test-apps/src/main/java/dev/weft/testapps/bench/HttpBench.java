package dev.weft.testapps.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The macro benchmark: {@link HttpService} (embedded Jetty 12) in two child JVMs, one without and one
 * with the agent, driven from this JVM by a {@link LoadGenerator} on loopback, in short alternating
 * rounds; it reports the with / without ratios of throughput, latency percentiles (HdrHistogram) and
 * the service process's CPU time per request (its OperatingSystemMXBean, so the agent's own threads —
 * monitor, JFR stream, endpoint — are included), each as the median over pairs of neighbouring rounds
 * with its spread and a distribution-free confidence interval, against the goals (throughput ≥ 98 %,
 * p99 ≤ 1.05×).
 *
 * <p><b>Why pairs of short rounds in the same two JVMs.</b> On a shared machine the throughput of
 * one round moves by ±15 % with what else runs; three long rounds per variant cannot resolve a 2 %
 * goal. Two neighbouring rounds see nearly the same machine, so their ratio is far steadier than
 * either figure; the median of many such ratios, with an interval that says how sure it is, is what
 * can be compared with the goal. The order alternates (A B, B A, A B, …) so a steady drift cancels.
 * While one JVM is measured the other is stopped ({@code kill -STOP}; resumed with {@code -CONT}), so
 * neither the idle JVM's background work (the agent's monitor, JFR stream) nor its JIT is charged to
 * the other; where signals are not available both keep running and the run says so.
 *
 * <p><b>Budget.</b> After the warm-up, pairs are measured until {@code --budget} seconds from the start
 * (JVM start and warm-up included; default 180), at least 3 and at most {@code --max-pairs}; with the
 * default 4 s rounds that is about ten pairs on a quiet two-core machine.
 *
 * <p><b>Warm-up.</b> Both JVMs are warmed together until each has run at least {@code --warmup}
 * seconds under load and done {@code --min-collections} collections. The second condition is about
 * the agent: its long-lived objects (about 8 MB on JDK 17: JFR's parser and metadata, the recorders'
 * arrays, its classes' data) are born during start-up and copied from survivor space to survivor space
 * at every young collection until they are old enough to be promoted (up to 15 collections with G1's
 * defaults); until then young pauses are several times longer than without the agent (measured 7–34 ms
 * instead of 2 ms at 60 MB/s of allocation, for the first ~40 s). That is a start-up cost, not the cost
 * of a running service, which is what the goals are about; {@code --min-collections 0} measures it too.
 * The agent's endpoint is scraped every 10 s during the warm-up as well, as Prometheus would from the
 * start: the first scrapes deoptimise compiled code that the endpoint's threads share with the
 * application ({@code ThreadPoolExecutor}, the executor and lock hooks' branches for the agent's own
 * threads, NIO selectors), which the JIT then recompiles.
 *
 * <p>Load model: <b>closed loop with a fixed concurrency</b> (default 16 keep-alive connections), so
 * the service runs saturated and the throughput ratio is exactly the agent's cost in capacity: at a
 * fixed offered load below saturation throughput is the offered rate whether or not the agent is
 * there, and the goal "throughput ≥ 98 %" could not fail. The p99 of a closed loop is the latency
 * at that concurrency (queueing on the CPUs included); a fixed offered load ({@code --rate}) is
 * available for latency at a given load, measured from the intended send time. With the agent, its
 * endpoint is scraped ({@code /metrics}) every 10 s of measured time, as Prometheus would.
 *
 * <pre>
 * java -cp "test-apps/target/weft-test-apps.jar:test-apps/target/lib/*" dev.weft.testapps.bench.HttpBench [--quick]
 *     [--budget S] [--round S] [--max-pairs N] [--warmup S] [--min-collections N] [--connections C] [--rate R]
 *     [--java JAVA_HOME] [--agent-args k=v,...] [--no-stop]
 * </pre>
 */
public final class HttpBench {

    private HttpBench() {
    }

    /** One measured round. */
    record Run(boolean agent, double reqPerSec, double p50Ms, double p99Ms, double p999Ms, double cpuMicrosPerReq,
            long requests, long errors) {
    }

    /** Seconds of load before each round's measurement, after the JVM is resumed (connections, caches). */
    static final int SETTLE_SECONDS = 1;
    /** Scrape period of the agent's endpoint, in measured seconds. */
    static final long SCRAPE_NANOS = TimeUnit.SECONDS.toNanos(10);

    public static void main(String[] args) throws Exception {
        int budget = 180;
        int round = 4;
        int maxPairs = 20;
        int warmup = 20;
        int minCollections = 20;
        int connections = 16;
        double rate = 0;
        String javaHome = null;
        String agentArgs = "";
        boolean stop = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    budget = 60;
                    round = 2;
                    minCollections = 5;
                }
                case "--budget" -> budget = Integer.parseInt(args[++i]);
                case "--round" -> round = Integer.parseInt(args[++i]);
                case "--max-pairs" -> maxPairs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--min-collections" -> minCollections = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--java" -> javaHome = args[++i];
                case "--agent-args" -> agentArgs = args[++i];
                case "--no-stop" -> stop = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: HttpBench [--quick] [--budget S] [--round S] [--max-pairs N] [--warmup S]"
                        + " [--min-collections N] [--connections C] [--rate R] [--java JAVA_HOME]"
                        + " [--agent-args k=v,...] [--no-stop]");
            }
        }
        String java = Child.java(javaHome);
        Child.agentJar();
        System.out.printf(Locale.ROOT, "HTTP service (Jetty 12) on %s; warm-up >= %d s and >= %d collections, then"
                + " pairs of %d s rounds (+%d s settle) until %d s from start (at least 3, at most %d pairs); %d connections, %s%n",
                java, warmup, minCollections, round, SETTLE_SECONDS, budget, maxPairs, connections,
                rate > 0 ? "fixed offered load " + rate + " req/s" : "closed loop");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(budget);
        // A fixed heap so both variants collect on the same schedule.
        List<String> jvmArgs = List.of("-Xms256m", "-Xmx256m");
        try (Child none = Child.start(java, false, agentArgs, jvmArgs, HttpService.class.getName());
             Child weft = Child.start(java, true, agentArgs, jvmArgs, HttpService.class.getName())) {
            Service[] services = {new Service(none, false), new Service(weft, true)};
            for (Service s : services) {
                s.port = Integer.parseInt(s.child.await("ready port=", 60_000).substring("ready port=".length()));
            }
            weft.awaitAgent(60_000); // installation finished: its CPU is not part of any measurement
            warmUp(services, warmup, minCollections, connections, rate);
            if (stop && !(signal(none, "STOP") && signal(weft, "STOP"))) {
                stop = false;
                signal(none, "CONT");
                signal(weft, "CONT");
                System.out.println("could not stop the idle JVM (kill -STOP): both run during every round");
            }
            List<Run[]> pairs = new ArrayList<>();
            try {
                measurePairs(services, pairs, stop, round, connections, rate, maxPairs, deadline);
            } finally { // never leave a stopped JVM behind, whatever failed
                if (stop) {
                    signal(none, "CONT");
                    signal(weft, "CONT");
                }
            }
            report(pairs);
        }
    }

    /** Adds pairs of rounds to {@code pairs} until the deadline: at least 3, at most {@code maxPairs}. */
    private static void measurePairs(Service[] services, List<Run[]> pairs, boolean stop, int round, int connections,
            double rate, int maxPairs, long deadline) throws Exception {
        long pairNanos = TimeUnit.SECONDS.toNanos(2L * (round + SETTLE_SECONDS) + 2);
        while (pairs.size() < maxPairs && (pairs.size() < 3 || System.nanoTime() + pairNanos < deadline)) {
            int p = pairs.size();
            Run[] pair = new Run[2];
            // A B, B A, A B, ...: a drift of the machine over a pair favours neither variant on average.
            for (int k = 0; k < 2; k++) {
                Service s = services[(p + k) % 2];
                Run r = measure(s, stop, round, connections, rate);
                pair[s.agent ? 1 : 0] = r;
                System.out.printf(Locale.ROOT, "pair %2d %-5s %9.0f req/s  p50 %7.3f ms  p99 %7.3f ms"
                        + "  p99.9 %7.3f ms  cpu %6.1f us/req  (%d requests, %d errors)%n",
                        p + 1, s.agent ? "weft" : "none", r.reqPerSec(), r.p50Ms(), r.p99Ms(), r.p999Ms(),
                        r.cpuMicrosPerReq(), r.requests(), r.errors());
            }
            pairs.add(pair);
        }
    }

    /** One service JVM and what the rounds need of it. */
    private static final class Service {
        final Child child;
        final boolean agent;
        int port;
        /** Measured time so far, for the scrape schedule. */
        long measuredNanos;
        long nextScrapeNanos;

        Service(Child child, boolean agent) {
            this.child = child;
            this.agent = agent;
        }
    }

    /** Loads both services at once until each has had the time and the collections asked for. */
    private static void warmUp(Service[] services, int seconds, int minCollections, int connections, double rate)
            throws Exception {
        long start = System.nanoTime();
        long[] base = new long[services.length];
        for (int i = 0; i < services.length; i++) {
            base[i] = collections(services[i].child);
        }
        List<LoadGenerator> loads = new ArrayList<>();
        try {
            for (Service s : services) {
                loads.add(new LoadGenerator(s.port, connections, rate));
            }
            long cap = start + TimeUnit.SECONDS.toNanos(Math.max(seconds, 120));
            long nextScrape = start;
            while (true) {
                if (System.nanoTime() >= nextScrape) {
                    // As Prometheus would from the start: the first scrapes make the JIT recompile code the
                    // endpoint's threads share with the application (ThreadPoolExecutor, selectors).
                    for (Service s : services) {
                        if (s.agent) {
                            s.child.agentGet("/metrics");
                        }
                    }
                    nextScrape += SCRAPE_NANOS;
                }
                Thread.sleep(1000);
                boolean done = System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(seconds);
                StringBuilder counts = new StringBuilder();
                for (int i = 0; i < services.length; i++) {
                    long n = collections(services[i].child) - base[i];
                    counts.append(i == 0 ? "" : ", ").append(services[i].agent ? "weft " : "none ").append(n);
                    done &= n >= minCollections;
                }
                if (done || System.nanoTime() > cap) {
                    System.out.printf(Locale.ROOT, "warmed up for %.0f s (collections: %s)%s%n",
                            (System.nanoTime() - start) / 1e9, counts, done ? "" : "; stopped at the 120 s cap");
                    return;
                }
            }
        } finally {
            for (LoadGenerator l : loads) {
                l.close();
            }
        }
    }

    private static Run measure(Service s, boolean stop, int seconds, int connections, double rate)
            throws Exception {
        if (stop) {
            signal(s.child, "CONT");
        }
        try (LoadGenerator load = new LoadGenerator(s.port, connections, rate)) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(SETTLE_SECONDS));
            long errors0 = load.errors();
            load.interval(); // discard the settling second
            long t0 = System.nanoTime();
            long cpu0 = cpu(s.child);
            long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
            long now;
            while ((now = System.nanoTime()) < end) {
                long measured = s.measuredNanos + (now - t0);
                if (s.agent && measured >= s.nextScrapeNanos) {
                    s.child.agentGet("/metrics");
                    s.nextScrapeNanos += SCRAPE_NANOS;
                    continue;
                }
                long untilScrape = s.agent ? s.nextScrapeNanos - measured : Long.MAX_VALUE;
                Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(end - now, untilScrape))));
            }
            Histogram h = load.interval();
            long t1 = System.nanoTime();
            long cpu1 = cpu(s.child);
            s.measuredNanos += t1 - t0;
            long n = h.getTotalCount();
            if (n == 0) {
                throw new IllegalStateException("no request completed; service stderr:\n" + s.child.stderrTail());
            }
            return new Run(s.agent, n / ((t1 - t0) / 1e9), h.getValueAtPercentile(50) / 1e6,
                    h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6,
                    (cpu1 - cpu0) / 1e3 / n, n, load.errors() - errors0);
        } finally {
            if (stop) {
                signal(s.child, "STOP");
            }
        }
    }

    /** {@code kill -<sig> <pid>}; whether it worked. */
    private static boolean signal(Child c, String sig) {
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(c.pid())).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static long cpu(Child service) throws Exception {
        return Long.parseLong(service.ask("cpu", "cpu ", 30_000).split(" ")[1]);
    }

    private static long collections(Child service) throws Exception {
        String[] f = service.ask("cpu", "cpu ", 30_000).split(" ");
        return Long.parseLong(f[5]);
    }

    private static void report(List<Run[]> pairs) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%d pairs. without, with weft: the medians of each variant's rounds; ratio:"
                + " the median of the per-pair ratios with / without (not the quotient of the two medians), their"
                + " range, and a distribution-free confidence interval of that median (its coverage)%n", pairs.size());
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %8s %17s %24s%n", "", "without", "with weft", "ratio",
                "range", "interval of the median");
        String[] names = {"throughput (req/s)", "p50 (ms)", "p99 (ms)", "p99.9 (ms)", "cpu per request (us)"};
        List<ToDoubleFunction<Run>> fs = List.of(Run::reqPerSec, Run::p50Ms, Run::p99Ms, Run::p999Ms,
                Run::cpuMicrosPerReq);
        double[][] ci = new double[names.length][];
        for (int i = 0; i < names.length; i++) {
            ToDoubleFunction<Run> f = fs.get(i);
            double[] ratios = pairs.stream().mapToDouble(p -> f.applyAsDouble(p[1]) / f.applyAsDouble(p[0])).toArray();
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            ci[i] = medianInterval(sorted);
            System.out.printf(Locale.ROOT, "%-22s %12.3f %12.3f %8.3f %8.3f – %6.3f %8.3f – %6.3f (%2.0f %%)%n",
                    names[i], median(pairs.stream().mapToDouble(p -> f.applyAsDouble(p[0])).toArray()),
                    median(pairs.stream().mapToDouble(p -> f.applyAsDouble(p[1])).toArray()), median(ratios),
                    sorted[0], sorted[sorted.length - 1], ci[i][0], ci[i][1], ci[i][2] * 100);
        }
        System.out.println("goal throughput >= 0.98: " + verdict(ci[0], 0.98, true) + "; goal p99 <= 1.05: "
                + verdict(ci[2], 1.05, false));
    }

    /** Met / not met when the whole interval is on one side of the goal, else undecided. */
    static String verdict(double[] interval, double goal, boolean atLeast) {
        boolean met = atLeast ? interval[0] >= goal : interval[1] <= goal;
        boolean missed = atLeast ? interval[1] < goal : interval[0] > goal;
        return met ? "met" : missed ? "NOT met" : "undecided (the interval contains the goal; more pairs or a quieter"
                + " machine)";
    }

    /**
     * The order-statistic confidence interval of the median of {@code sorted}: {@code [x(k), x(n+1-k)]}
     * with the largest {@code k} whose two-sided coverage {@code 1 - 2 P(Binomial(n, 1/2) < k)} is still at
     * least 95 % (or {@code k = 1}, the whole range, when even that falls short, as for fewer than 6
     * pairs). No assumption about the ratios' distribution. Returns {low, high, coverage}.
     */
    static double[] medianInterval(double[] sorted) {
        int n = sorted.length;
        double[] cdf = new double[n + 1]; // cdf[j] = P(B <= j)
        double p = Math.pow(0.5, n);
        double acc = 0;
        double c = 1;
        for (int j = 0; j <= n; j++) {
            acc += c * p;
            cdf[j] = acc;
            c = c * (n - j) / (j + 1);
        }
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && 1 - 2 * cdf[k] >= 0.95) { // P(B < k+1) = cdf[k]
            k++;
        }
        double coverage = 1 - 2 * (k >= 1 ? cdf[k - 1] : 0);
        return new double[] {sorted[k - 1], sorted[n - k], coverage};
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
