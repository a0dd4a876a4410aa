package dev.weft.testapps.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the hot-path benchmarks twice in one invocation — forks without the agent and forks with
 * {@code -javaagent:weft-agent.jar=port=0,quiet=true} — and prints time and allocation side by
 * side. Usage (after {@code mvn -B -DskipTests package}):
 *
 * <pre>
 * java -cp "test-apps/target/weft-test-apps.jar:test-apps/target/lib/*" dev.weft.testapps.bench.Bench [regex] [--quick]
 * </pre>
 *
 * The agent jar is {@code agent/target/weft-agent.jar} unless {@code -Dweft.agent.jar} says otherwise;
 * its arguments are {@code port=0,quiet=true} unless {@code -Dweft.bench.agentArgs} says otherwise
 * (e.g. {@code port=0,quiet=true,jfr.stream=false}).
 */
public final class Bench {

    private static final String AGENT_ARGS = System.getProperty("weft.bench.agentArgs", "port=0,quiet=true");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String include = "dev\\.weft\\.testapps\\.bench\\..*";
        boolean quick = false;
        for (String a : args) {
            if (a.equals("--quick")) {
                quick = true;
            } else {
                include = a;
            }
        }
        Path agent = Path.of(System.getProperty("weft.agent.jar", "agent/target/weft-agent.jar")).toAbsolutePath();
        if (!Files.isRegularFile(agent)) {
            throw new IllegalStateException("agent jar not found: " + agent + " (build it, or -Dweft.agent.jar=...)");
        }
        Collection<RunResult> without = new Runner(options(include, quick).build()).run();
        Collection<RunResult> with = new Runner(options(include, quick)
                .jvmArgsAppend("-javaagent:" + agent + "=" + AGENT_ARGS).build()).run();

        System.out.println();
        System.out.println("JDK " + Runtime.version().feature() + ", agent " + AGENT_ARGS
                + "; time per operation and bytes allocated per operation");
        System.out.printf(Locale.ROOT, "%-44s %14s %14s %8s %12s %12s%n",
                "benchmark", "without", "with agent", "ratio", "B/op without", "B/op with");
        List<RunResult> w = new ArrayList<>(with);
        int i = 0;
        for (RunResult r : without) {
            RunResult a = w.get(i++);
            Result<?> t0 = r.getPrimaryResult();
            Result<?> t1 = a.getPrimaryResult();
            System.out.printf(Locale.ROOT, "%-44s %9.1f %-4s %9.1f %-4s %8.3f %12.1f %12.1f%n",
                    r.getParams().getBenchmark().replace("dev.weft.testapps.bench.", ""),
                    t0.getScore(), t0.getScoreUnit(), t1.getScore(), t1.getScoreUnit(),
                    t1.getScore() / t0.getScore(), alloc(r), alloc(a));
        }
    }

    private static double alloc(RunResult r) {
        Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
        return norm == null ? Double.NaN : norm.getScore();
    }

    private static ChainedOptionsBuilder options(String include, boolean quick) {
        ChainedOptionsBuilder b = new OptionsBuilder().include(include);
        if (Runtime.version().feature() < 21) {
            b = b.exclude(".*[Vv]irtual.*"); // virtual threads need JDK 21+
        }
        return b
                .addProfiler(GCProfiler.class)
                .forks(1)
                .warmupIterations(quick ? 1 : 5)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .shouldFailOnError(true);
    }
}
