package dev.weft.testapps.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The ledger and the monitor at scale: 10 000 live (parked) platform threads ({@code -Dthreads=}). Runs two
 * child JVMs, one without and one with the agent ({@code monitor.interval=1s}, {@code -Dinterval=} in
 * milliseconds), and prints:
 * <ul>
 *   <li><b>bytes per tracked thread</b>: heap used after a full GC with the threads parked minus before
 *       they were started, divided by their number, with the agent minus without (what the ledger and its
 *       records add per live thread; the threads' own {@code Thread} objects cancel out);</li>
 *   <li><b>monitor CPU per tick</b>: CPU time of the {@code weft-monitor} thread over {@value #MEASURE_SECONDS}
 *       s divided by the ticks in that span (elapsed / interval; the deadlock check runs every 10 s inside
 *       some of those ticks and is included).</li>
 * </ul>
 * Usage (after {@code mvn -B -DskipTests package}):
 * <pre>
 * java -cp "test-apps/target/weft-test-apps.jar:test-apps/target/lib/*" dev.weft.testapps.bench.ThreadScale
 * </pre>
 */
public final class ThreadScale {

    static final int THREADS = Integer.getInteger("threads", 10_000);
    static final int MEASURE_SECONDS = 10;
    static final long INTERVAL_MILLIS = Long.getLong("interval", 1000);

    private ThreadScale() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child();
            return;
        }
        Path agent = Path.of(System.getProperty("weft.agent.jar", "agent/target/weft-agent.jar")).toAbsolutePath();
        if (!Files.isRegularFile(agent)) {
            throw new IllegalStateException("agent jar not found: " + agent + " (build it, or -Dweft.agent.jar=...)");
        }
        String[] without = run(null);
        String[] with = run("-javaagent:" + agent + "=port=0,quiet=true,threads.max=1000000,monitor.interval="
                + INTERVAL_MILLIS + "ms");
        double bytesWithout = Double.parseDouble(without[0]);
        double bytesWith = Double.parseDouble(with[0]);
        System.out.printf(Locale.ROOT, "JDK %d, %d parked platform threads; child start-up %s s without, %s s with"
                + " the agent%n", Runtime.version().feature(), THREADS, without[2], with[2]);
        System.out.printf(Locale.ROOT, "heap per live thread: %.0f B without, %.0f B with the agent: %.0f B per tracked"
                + " thread%n", bytesWithout, bytesWith, bytesWith - bytesWithout);
        System.out.printf(Locale.ROOT, "monitor CPU per tick (interval %d ms): %s%n", INTERVAL_MILLIS, with[1]);
    }

    private static String[] run(String agentArg) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xss256k");
        cmd.add("-XX:+UseSerialGC"); // heap used after a full GC is then exactly the live data
        if (agentArg != null) {
            cmd.add(agentArg);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dthreads=" + THREADS);
        cmd.add("-Dinterval=" + INTERVAL_MILLIS);
        cmd.add(ThreadScale.class.getName());
        cmd.add("child");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String bytes = null;
        String tick = "n/a";
        String spawn = "?";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("bytes-per-thread ")) {
                    bytes = line.substring("bytes-per-thread ".length());
                } else if (line.startsWith("spawn-seconds ")) {
                    spawn = line.substring("spawn-seconds ".length());
                } else if (line.startsWith("monitor-tick ")) {
                    tick = line.substring("monitor-tick ".length());
                }
            }
        }
        if (p.waitFor() != 0 || bytes == null) {
            throw new IllegalStateException("child failed: " + cmd);
        }
        return new String[] {bytes, tick, spawn};
    }

    private static void child() throws Exception {
        Thread.sleep(3000); // the agent installs its hooks about a second after start-up
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = heapAfterGc(memory);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(THREADS);
        long spawn0 = System.nanoTime();
        for (int i = 0; i < THREADS; i++) {
            Thread t = new Thread(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "scale-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        System.out.printf(Locale.ROOT, "spawn-seconds %.1f%n", (System.nanoTime() - spawn0) / 1e9);
        long after = heapAfterGc(memory);
        System.out.printf(Locale.ROOT, "bytes-per-thread %.1f%n", (after - before) / (double) THREADS);

        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long monitor = -1;
        for (ThreadInfo i : bean.getThreadInfo(bean.getAllThreadIds(), 0)) {
            if (i != null && i.getThreadName().equals("weft-monitor")) {
                monitor = i.getThreadId();
            }
        }
        if (monitor > 0) {
            Thread.sleep(2 * INTERVAL_MILLIS); // past the first tick with 10 000 new threads
            long c0 = bean.getThreadCpuTime(monitor);
            long t0 = System.nanoTime();
            Thread.sleep(MEASURE_SECONDS * 1000L);
            long cpu = bean.getThreadCpuTime(monitor) - c0;
            double ticks = (System.nanoTime() - t0) / 1e6 / INTERVAL_MILLIS;
            System.out.printf(Locale.ROOT, "monitor-tick %.2f ms CPU (%.0f ticks)%n", cpu / 1e6 / ticks, ticks);
        }
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // a few rounds: the last one's figure is stable
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
