package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent preserves the JDK's concurrency semantics: {@code StressApp} (mutual exclusion of every lock
 * kind, condition signalling, interrupts and timeouts, executors, thread churn, virtual threads on 21+)
 * prints the same outcome lines and exits 0 with and without the agent, within the deadline, and the
 * agent counts no internal error. With the test-only fault switch ({@code -Dweft.test.faults=true}:
 * every hook receiver and an extra advice at every hook point throw) the outcomes are still identical,
 * nothing reaches the application's output, and every failure is counted.
 *
 * <p>No hang: the app gives each scenario 20 s and halts with code 3 and a thread dump when one is
 * missed; {@link ChildJvm#DEADLINE} bounds each wait here.
 */
class StressIT {

    private static final String JDKS = "dev.weft.agent.it.Jdk#all";
    private static final String APP = "dev.weft.testapps.StressApp";

    /** The groups after {@code threads}: the rest of the suite. */
    private static final String REST = "mutex,signal,interrupt,executor,virtual";

    /**
     * One run of the app: its outcome lines (everything after {@code ready}), exit code, stderr and, with
     * the agent, {@code weft_internal_errors_total} before the scenarios, after the {@code threads} group
     * and at the end; and how many threads the app itself started in the {@code threads} group.
     */
    private record Run(List<String> outcomes, int exit, List<String> err, double[] errors, long threadsStarted) {
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void outcomesAreIdenticalWithAndWithoutTheAgent(Jdk jdk) throws Exception {
        Run without = run(ChildJvm.of(jdk, APP), false);
        Run with = run(ChildJvm.of(jdk, APP), true);

        assertEquals(0, without.exit(), "without the agent: " + without.outcomes() + without.err());
        assertTrue(without.err().isEmpty(), without.err().toString());
        assertTrue(without.outcomes().size() > 30, "the suite ran: " + without.outcomes());
        assertEquals(without.outcomes(), with.outcomes());
        assertEquals(0, with.exit(), "with the agent: " + with.err());
        assertOnlyTheStartUpLine(with.err(), jdk);
        assertEquals(0.0, with.errors()[2], "weft_internal_errors_total");
    }

    @ParameterizedTest
    @MethodSource(JDKS)
    void forcedFaultsInEveryHookNeverReachTheApplicationAndAreCounted(Jdk jdk) throws Exception {
        Run without = run(ChildJvm.of(jdk, APP), false);
        Run faults = run(ChildJvm.of(jdk, APP).jvmArg("-Dweft.test.faults=true"), true);

        assertEquals(0, without.exit(), "without the agent: " + without.outcomes() + without.err());
        assertEquals(without.outcomes(), faults.outcomes());
        assertEquals(0, faults.exit(), "with faults: " + faults.err());
        // Not even a stack trace: only the start-up line (which also says every hook is active).
        assertOnlyTheStartUpLine(faults.err(), jdk);

        // In the threads group, each thread the app started (after the hooks were in; all joined) failed at
        // least six times: the start and exit receivers (2) and the throwing advice's enter and exit on
        // Thread.start() and on Thread.exit() (4). The agent's own threads and a few lock slow paths add a
        // little, so this lower bound holds, and the receivers alone (about 2 per thread) cannot reach it:
        // it fails if the throwing advice is not there or its failures are not counted.
        long started = faults.threadsStarted();
        assertTrue(started >= 3000, "threads started: " + started);
        double inThreads = faults.errors()[1] - faults.errors()[0];
        assertTrue(inThreads >= 6.0 * started, "weft_internal_errors_total grew by " + inThreads + " < 6 x " + started);
        assertTrue(faults.errors()[2] > faults.errors()[1], "the rest of the suite failed in the hooks too");
    }

    /**
     * Runs the suite in two parts ({@code threads}, then the rest): waits for {@code ready} (and, with the
     * agent, for its start-up line and endpoint, so that the scenarios run with the hooks in), then sends
     * each {@code run} and waits for its {@code done}, scraping before, between and after; then {@code exit}.
     */
    private static Run run(ChildJvm.Spec spec, boolean agent) throws Exception {
        int port = ChildJvm.freePort();
        String url = "http://127.0.0.1:" + port + "/metrics";
        if (agent) {
            spec.agent("port=" + port);
        }
        try (ChildJvm app = spec.args("--wait").start()) {
            app.awaitOut(l -> l.equals("ready"));
            if (agent) {
                app.awaitErr(l -> l.startsWith("weft "));
                Http.awaitOk(url, ChildJvm.DEADLINE);
            }
            double[] errors = new double[3];
            errors[0] = errors(agent, url);
            int from = app.outSize();
            app.send("run threads");
            String total = app.awaitOut(l -> l.startsWith("total platform_threads_started="), from);
            app.awaitOut(l -> l.equals("done"), from);
            errors[1] = errors(agent, url);
            from = app.outSize();
            app.send("run " + REST);
            app.awaitOut(l -> l.equals("done"), from);
            errors[2] = errors(agent, url);
            app.send("exit");
            int exit = app.waitFor();
            List<String> out = app.out();
            return new Run(out.subList(out.indexOf("ready") + 1, out.size()), exit, app.err(), errors,
                    Long.parseLong(total.substring(total.indexOf('=') + 1)));
        }
    }

    private static double errors(boolean agent, String url) throws Exception {
        return agent ? Http.sample(Http.get(url, null).body(), "weft_internal_errors_total") : -1;
    }

    private static void assertOnlyTheStartUpLine(List<String> allErr, Jdk jdk) {
        // The rejecting-executor scenario is a real rejection: if a monitor tick lands while it runs, the
        // agent reports a "rejected" finding (a summary line and indented details). That is the agent
        // working, not a fault leaking out; anything else on stderr is.
        List<String> err = new java.util.ArrayList<>();
        boolean inFinding = false;
        for (String line : allErr) {
            if (line.startsWith("weft: rejected")) {
                inFinding = true;
            } else if (!(inFinding && line.startsWith("    "))) {
                inFinding = false;
                err.add(line);
            }
        }
        assertEquals(1, err.size(), "stderr: " + allErr);
        assertTrue(err.get(0).startsWith("weft ") && err.get(0).contains("hooks active on JDK " + jdk.feature()),
                err.get(0));
        String[] hooks = err.get(0).replaceAll(".*; (\\d+) of (\\d+) hooks active.*", "$1 $2").split(" ");
        assertEquals(hooks[1], hooks[0], "every hook active: " + err.get(0));
    }
}
