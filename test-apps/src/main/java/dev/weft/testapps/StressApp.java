package dev.weft.testapps;

import dev.weft.testapps.stress.ExecutorScenarios;
import dev.weft.testapps.stress.InterruptScenarios;
import dev.weft.testapps.stress.MutexScenarios;
import dev.weft.testapps.stress.SignalScenarios;
import dev.weft.testapps.stress.Stress;
import dev.weft.testapps.stress.ThreadScenarios;
import dev.weft.testapps.stress.VirtualScenarios;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The concurrency stress suite: hammers everything the agent instruments (every lock kind, condition
 * signalling, interrupts and timeouts during contended acquisition, executors, thread churn, virtual
 * threads) and checks the JDK's semantics itself, so that a run with the agent can be compared line by
 * line with a run without it.
 *
 * <p>Each scenario runs on its own thread under a deadline and prints one line whose content is
 * deterministic (no timings): {@code <group> <name> ok <figures>} or {@code <group> <name> FAIL <what>}.
 * A scenario that misses its deadline prints {@code <group> <name> FAIL timeout}, a full thread dump on
 * stderr, and the JVM halts with code 3. After the last scenario it prints
 * {@code total platform_threads_started=<n>} (the threads this program started itself for these scenarios)
 * and {@code done}. The exit code is 0 when every scenario held, 1 otherwise.
 *
 * <p>With {@code --wait} it prints {@code ready} and then answers commands on stdin, so that a test starts
 * the scenarios only once the agent's hooks are in and can scrape the agent between runs:
 * {@code run} (the {@code --only} groups, else all), {@code run <group>[,<group>...]}, and {@code exit}
 * (also at end of input).
 *
 * <p>Arguments: {@code [--wait] [--deadline-ms N] [--only <group>[,<group>...]]}.
 */
public final class StressApp {

    private static int failures;
    private static long deadlineMillis = TimeUnit.SECONDS.toMillis(20);

    private StressApp() {
    }

    public static void main(String[] args) throws Exception {
        boolean wait = false;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--wait" -> wait = true;
                case "--deadline-ms" -> deadlineMillis = Long.parseLong(args[++i]);
                case "--only" -> only.addAll(List.of(args[++i].split(",")));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (!wait) {
            runGroups(only);
            System.exit(failures == 0 ? 0 : 1);
        }
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("exit")) {
            line = line.trim();
            if (line.equals("run")) {
                runGroups(only);
            } else if (line.startsWith("run ")) {
                runGroups(List.of(line.substring("run ".length()).trim().split(",")));
            } else {
                System.out.println("unknown " + line);
                System.out.flush();
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Runs the scenarios of these groups (all when empty), in the suite's order, then the totals. */
    private static void runGroups(List<String> groups) throws InterruptedException {
        List<Stress.Scenario> all = new ArrayList<>();
        all.addAll(MutexScenarios.all());
        all.addAll(SignalScenarios.all());
        all.addAll(InterruptScenarios.all());
        all.addAll(ExecutorScenarios.all());
        all.addAll(ThreadScenarios.all());
        all.addAll(VirtualScenarios.all());
        long startedBefore = Stress.platformThreadsStarted();
        for (Stress.Scenario s : all) {
            if (groups.isEmpty() || groups.contains(s.group())) {
                run(s);
            }
        }
        System.out.println("total platform_threads_started=" + (Stress.platformThreadsStarted() - startedBefore));
        System.out.println("done");
        System.out.flush();
    }

    /** Runs one scenario on its own thread under the deadline and prints its line. */
    private static void run(Stress.Scenario s) throws InterruptedException {
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                outcome.set("ok " + s.body().call());
            } catch (Stress.Violation v) {
                outcome.set("FAIL " + v.getMessage());
            } catch (Throwable e) {
                outcome.set("FAIL unexpected " + e);
            }
        }, "stress-" + s.group() + "-" + s.name());
        Stress.start(t);
        t.join(deadlineMillis);
        if (t.isAlive()) {
            System.out.println(s.group() + " " + s.name() + " FAIL timeout after " + deadlineMillis + " ms");
            System.out.flush();
            dumpThreads();
            Runtime.getRuntime().halt(3);
        }
        String line = outcome.get();
        if (line.startsWith("FAIL")) {
            failures++;
        }
        System.out.println(s.group() + " " + s.name() + " " + line);
        System.out.flush();
    }

    /** Every thread with its locks and stack, on stderr (ThreadInfo.toString() truncates stacks). */
    private static void dumpThreads() {
        StringBuilder b = new StringBuilder("thread dump (scenario deadline missed):\n");
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            b.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                b.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                b.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            b.append('\n');
            for (StackTraceElement e : info.getStackTrace()) {
                b.append("\tat ").append(e).append('\n');
            }
        }
        System.err.print(b);
        System.err.flush();
    }
}
