package dev.weft.testapps.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The wait paths Weft observes through its in-process JFR stream rather than through advice:
 * a contended {@code synchronized} block ({@code jdk.JavaMonitorEnter}, enabled at
 * {@code monitor.threshold}) and a timed park ({@code jdk.ThreadPark}, enabled at
 * {@code wait.threshold}). With the agent the JVM times every such wait to compare it with the
 * threshold; these show what that costs where it happens most.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WaitBench {

    static {
        AgentReady.await(); // measure the agent installed, not installing
    }

    private final Object monitor = new Object();
    private long counter;

    /** A real park of 10 µs (the timer's slack makes it longer): the park path, not its fast exit. */
    @Benchmark
    public void parkTenMicros() {
        LockSupport.parkNanos(this, 10_000L);
    }

    /** Four threads on one monitor: the monitor-enter slow path (spinning, then blocking). */
    @Benchmark
    @Group("contendedMonitor")
    @GroupThreads(4)
    public long contendedMonitor() {
        synchronized (monitor) {
            return ++counter;
        }
    }
}
