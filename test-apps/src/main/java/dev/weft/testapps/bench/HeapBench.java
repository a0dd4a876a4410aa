package dev.weft.testapps.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap used by the agent with many live threads (goal: at most 32 MB with 10 000). A child JVM
 * ({@link ParkedThreads}) starts N parked platform threads, without and with the agent, in
 * interleaved rounds. With the agent, the runner waits for two monitor rounds and scrapes
 * {@code /metrics}, {@code /threads} (text and JSON), {@code /findings} and {@code /contention} once,
 * so the exporter's buffers and the per-thread records are all in. Then the child runs full
 * collections and reports heap used after them; the difference of the medians is the agent's heap.
 * A {@code jcmd GC.class_histogram} of the agent's own classes ({@code dev.weft.*} but not the test
 * apps, and the bootstrap bridges {@code java.lang.Weft*}) says where it goes — only the instances
 * of those classes, not the arrays and strings they hold, hence smaller than the difference.
 *
 * <pre>
 * java -cp "test-apps/target/weft-test-apps.jar:test-apps/target/lib/*" dev.weft.testapps.bench.HeapBench [--quick]
 *     [--rounds N] [--threads N] [--java JAVA_HOME] [--agent-args k=v,...]
 * </pre>
 */
public final class HeapBench {

    private static final Pattern MONITOR_ROUNDS = Pattern.compile("after (\\d+) monitor rounds");

    private HeapBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        int threads = 10_000;
        String javaHome = null;
        String agentArgs = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> rounds = 1;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--java" -> javaHome = args[++i];
                case "--agent-args" -> agentArgs = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: HeapBench [--quick] [--rounds N] [--threads N] [--java JAVA_HOME] [--agent-args k=v,...]");
            }
        }
        String java = Child.java(javaHome);
        String jcmd = new File(new File(java).getParentFile(), "jcmd").getPath();
        System.out.printf(Locale.ROOT, "%d parked platform threads on %s; %d rounds%n", threads, java, rounds);
        List<Long> heapNone = new ArrayList<>();
        List<Long> heapWeft = new ArrayList<>();
        List<Long> metaNone = new ArrayList<>();
        List<Long> metaWeft = new ArrayList<>();
        Map<String, long[]> lastHistogram = Map.of();
        for (int round = 1; round <= rounds; round++) {
            for (boolean agent : new boolean[] {false, true}) {
                try (Child c = Child.start(java, agent, agentArgs, List.of("-Xmx1g"), ParkedThreads.class.getName(),
                        String.valueOf(threads))) {
                    c.await("ready threads=", 300_000);
                    if (agent) {
                        c.awaitAgent(120_000);
                        awaitMonitorRounds(c, 2, 120_000);
                        for (String path : List.of("/metrics", "/threads", "/threads?format=json", "/findings",
                                "/contention")) {
                            c.agentGet(path);
                        }
                    }
                    Matcher m = Pattern.compile("heap used=(\\d+) metaspace=(-?\\d+)")
                            .matcher(c.ask("heap", "heap used=", 120_000));
                    if (!m.find()) {
                        throw new IllegalStateException("unexpected heap line");
                    }
                    long used = Long.parseLong(m.group(1));
                    long meta = Long.parseLong(m.group(2));
                    (agent ? heapWeft : heapNone).add(used);
                    (agent ? metaWeft : metaNone).add(meta);
                    Map<String, long[]> histogram = weftClasses(jcmd, c.pid());
                    long weftBytes = histogram.values().stream().mapToLong(v -> v[1]).sum();
                    if (agent) {
                        lastHistogram = histogram;
                    }
                    System.out.printf(Locale.ROOT, "round %d %-5s heap after GC %8.2f MB  metaspace %7.2f MB"
                            + "  agent-class instances %7.2f MB%n", round, agent ? "weft" : "none", mb(used),
                            mb(meta), mb(weftBytes));
                }
            }
        }
        double none = median(heapNone);
        double weft = median(heapWeft);
        System.out.println();
        System.out.printf(Locale.ROOT, "medians: heap after GC without %.2f MB, with weft %.2f MB;"
                + " metaspace without %.2f MB, with %.2f MB%n", mb(none), mb(weft), mb(median(metaNone)),
                mb(median(metaWeft)));
        System.out.printf(Locale.ROOT, "heap used by the agent with %d live threads: %.2f MB (goal <= 32 MB: %s)%n",
                threads, mb(weft - none), weft - none <= 32.0 * 1024 * 1024 ? "met" : "NOT met");
        System.out.println("largest agent classes by shallow instance bytes (jcmd GC.class_histogram, last run):");
        lastHistogram.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(10)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %10d B %9d instances  %s%n", e.getValue()[1],
                        e.getValue()[0], e.getKey()));
    }

    /** Waits until the agent's index page says the monitor ran at least {@code rounds} times. */
    static void awaitMonitorRounds(Child c, int rounds, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            Matcher m = MONITOR_ROUNDS.matcher(c.agentGet("/"));
            if (m.find() && Integer.parseInt(m.group(1)) >= rounds) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the monitor did not run " + rounds + " times");
            }
            Thread.sleep(500);
        }
    }

    /**
     * The agent's classes in a {@code jcmd <pid> GC.class_histogram} (which runs a full collection
     * first): class name → {instances, shallow bytes}. Empty when jcmd is not available.
     */
    static Map<String, long[]> weftClasses(String jcmd, long pid) throws IOException, InterruptedException {
        Map<String, long[]> result = new LinkedHashMap<>();
        histogram(jcmd, pid).forEach((k, v) -> {
            if (isAgentClass(k)) {
                result.put(k, v);
            }
        });
        return result;
    }

    /** Every class of a {@code jcmd <pid> GC.class_histogram}: name → {instances, shallow bytes}; empty without jcmd. */
    static Map<String, long[]> histogram(String jcmd, long pid) throws IOException, InterruptedException {
        Map<String, long[]> result = new LinkedHashMap<>();
        if (!new File(jcmd).canExecute()) {
            return result;
        }
        Process p = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String text;
        try (InputStream in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        p.waitFor(60, TimeUnit.SECONDS);
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                result.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return result;
    }

    static boolean isAgentClass(String name) {
        return name.startsWith("dev.weft.") && !name.startsWith("dev.weft.testapps.")
                || name.startsWith("java.lang.Weft");
    }

    static double median(List<Long> v) {
        return HttpBench.median(v.stream().mapToDouble(Long::doubleValue).toArray());
    }

    static double mb(double bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
