package dev.weft.testapps.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start and join of an empty thread: the cost the thread hooks add (creation-site stack walk, ledger
 * insert and removal for platform threads; two counter increments for virtual threads). Run once
 * without and once with the agent ({@code -jvmArgsAppend -javaagent:...}) and compare; see the README
 * for the command. The agent installs its hooks about a second after start-up: the warm-up covers it.
 * {@code startJoinVirtual} needs JDK 21+ (on 17 it fails by design).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ThreadStartBenchmark {

    static {
        AgentReady.await(); // measure the agent installed, not installing
    }

    private static final Runnable NOOP = () -> { };

    private MethodHandle startVirtual;

    @Setup
    public void setUp() throws Exception {
        try {
            startVirtual = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (NoSuchMethodException e) {
            startVirtual = null; // JDK 17
        }
    }

    @Benchmark
    public Thread startJoinPlatform() throws InterruptedException {
        Thread t = new Thread(NOOP);
        t.start();
        t.join();
        return t;
    }

    @Benchmark
    public Thread startJoinVirtual() throws Throwable {
        if (startVirtual == null) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+");
        }
        Thread t = (Thread) startVirtual.invokeExact(NOOP);
        t.join();
        return t;
    }
}
