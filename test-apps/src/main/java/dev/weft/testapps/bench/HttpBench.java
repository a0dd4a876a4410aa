package dev.weft.testapps.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The macro benchmark: {@link HttpService} (embedded Jetty 12) in a child JVM, without and with the
 * agent in interleaved rounds (A B A B …, a fresh JVM each time), driven from this JVM by a
 * {@link LoadGenerator} on loopback. Each run warms up, then measures throughput, latency
 * percentiles (HdrHistogram) and the service process's CPU time per request (the service's
 * OperatingSystemMXBean, so the agent's own threads — monitor, JFR stream, endpoint — are included).
 * With the agent, its endpoint is scraped ({@code /metrics}) at the start of each measurement and
 * every 10 s, as Prometheus would. Prints each run, then medians over rounds and the ratios
 * with / without against the goals (throughput ≥ 98 %, p99 ≤ 1.05×).
 *
 * <p>Load model: <b>closed loop with a fixed concurrency</b> (default 16 keep-alive connections), so
 * the service runs saturated and the throughput ratio is exactly the agent's cost in capacity: at a
 * fixed offered load below saturation throughput is the offered rate whether or not the agent is
 * there, and the goal "throughput ≥ 98 %" could not fail. The p99 of a closed loop is the latency
 * at that concurrency (queueing on the CPUs included); a fixed offered load ({@code --rate}) is
 * available for latency at a given load, measured from the intended send time.
 *
 * <pre>
 * java -cp "test-apps/target/weft-test-apps.jar:test-apps/target/lib/*" dev.weft.testapps.bench.HttpBench [--quick]
 *     [--rounds N] [--warmup S] [--measure S] [--connections C] [--rate R] [--java JAVA_HOME] [--agent-args k=v,...]
 * </pre>
 */
public final class HttpBench {

    private HttpBench() {
    }

    /** One measured run. */
    record Run(boolean agent, double reqPerSec, double p50Ms, double p99Ms, double p999Ms, double cpuMicrosPerReq,
            long requests, long errors) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        int warmup = 15;
        int measure = 20;
        int connections = 16;
        double rate = 0;
        String javaHome = null;
        String agentArgs = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    rounds = 2;
                    warmup = 6;
                    measure = 6;
                }
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--measure" -> measure = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--java" -> javaHome = args[++i];
                case "--agent-args" -> agentArgs = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: HttpBench [--quick] [--rounds N] [--warmup S] [--measure S] [--connections C]"
                        + " [--rate R] [--java JAVA_HOME] [--agent-args k=v,...]");
            }
        }
        String java = Child.java(javaHome);
        Child.agentJar();
        System.out.printf(Locale.ROOT, "HTTP service (Jetty 12) on %s; %d rounds of %d s warm-up + %d s measured;"
                + " %d connections, %s%n", java, rounds, warmup, measure, connections,
                rate > 0 ? "fixed offered load " + rate + " req/s" : "closed loop");
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (boolean agent : new boolean[] {false, true}) {
                Run r = run(java, agent, agentArgs, warmup, measure, connections, rate);
                runs.add(r);
                System.out.printf(Locale.ROOT, "round %d %-8s %9.0f req/s  p50 %7.3f ms  p99 %7.3f ms"
                        + "  p99.9 %7.3f ms  cpu %7.1f us/req  (%d requests, %d errors)%n",
                        round, agent ? "weft" : "none", r.reqPerSec(), r.p50Ms(), r.p99Ms(), r.p999Ms(),
                        r.cpuMicrosPerReq(), r.requests(), r.errors());
            }
        }
        report(runs);
    }

    private static Run run(String java, boolean agent, String agentArgs, int warmup, int measure, int connections,
            double rate) throws Exception {
        // A fixed heap so both variants collect on the same schedule.
        try (Child service = Child.start(java, agent, agentArgs, List.of("-Xms256m", "-Xmx256m"),
                HttpService.class.getName())) {
            int port = Integer.parseInt(service.await("ready port=", 60_000).substring("ready port=".length()));
            if (agent) {
                service.awaitAgent(60_000); // installation finished: its CPU is not part of the measurement
            }
            try (LoadGenerator load = new LoadGenerator(port, connections, rate)) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
                long errors0 = load.errors();
                load.interval(); // discard the warm-up
                long t0 = System.nanoTime();
                long cpu0 = cpu(service);
                long nextScrape = t0;
                long end = t0 + TimeUnit.SECONDS.toNanos(measure);
                long now;
                while ((now = System.nanoTime()) < end) {
                    if (agent && now >= nextScrape) {
                        service.agentGet("/metrics");
                        nextScrape += TimeUnit.SECONDS.toNanos(10);
                    }
                    Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(end, nextScrape) - now)));
                }
                Histogram h = load.interval();
                long t1 = System.nanoTime();
                long cpu1 = cpu(service);
                long n = h.getTotalCount();
                if (n == 0) {
                    throw new IllegalStateException("no request completed; service stderr:\n" + service.stderrTail());
                }
                return new Run(agent, n / ((t1 - t0) / 1e9), h.getValueAtPercentile(50) / 1e6,
                        h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6,
                        (cpu1 - cpu0) / 1e3 / n, n, load.errors() - errors0);
            }
        }
    }

    private static long cpu(Child service) throws Exception {
        String line = service.ask("cpu", "cpu ", 30_000);
        return Long.parseLong(line.split(" ")[1]);
    }

    private static void report(List<Run> runs) {
        double[] none = medians(runs, false);
        double[] weft = medians(runs, true);
        System.out.println();
        System.out.println("medians over rounds");
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %10s%n", "", "without", "with weft", "ratio");
        String[] names = {"throughput (req/s)", "p50 (ms)", "p99 (ms)", "p99.9 (ms)", "cpu per request (us)"};
        for (int i = 0; i < names.length; i++) {
            System.out.printf(Locale.ROOT, "%-22s %12.3f %12.3f %10.3f%n", names[i], none[i], weft[i], weft[i] / none[i]);
        }
        double tp = weft[0] / none[0];
        double p99 = weft[2] / none[2];
        System.out.printf(Locale.ROOT, "goal throughput >= 0.98: %.3f %s; goal p99 <= 1.05: %.3f %s%n",
                tp, tp >= 0.98 ? "met" : "NOT met", p99, p99 <= 1.05 ? "met" : "NOT met");
    }

    private static double[] medians(List<Run> runs, boolean agent) {
        List<Run> rs = runs.stream().filter(r -> r.agent() == agent).toList();
        return new double[] {
            median(rs.stream().mapToDouble(Run::reqPerSec).toArray()),
            median(rs.stream().mapToDouble(Run::p50Ms).toArray()),
            median(rs.stream().mapToDouble(Run::p99Ms).toArray()),
            median(rs.stream().mapToDouble(Run::p999Ms).toArray()),
            median(rs.stream().mapToDouble(Run::cpuMicrosPerReq).toArray()),
        };
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
