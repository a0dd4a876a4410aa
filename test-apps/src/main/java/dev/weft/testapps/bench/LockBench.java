package dev.weft.testapps.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Lock paths: the uncontended {@code lock()/unlock()} must cost the same with and without the agent
 * (Weft never instruments the fast path); monitors likewise; the contended group shows the cost of
 * the slow path, where Weft records contention.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LockBench {

    static {
        AgentReady.await(); // measure the agent installed, not installing
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Object monitor = new Object();
    private long counter;

    @Benchmark
    public long uncontendedReentrantLock() {
        lock.lock();
        try {
            return ++counter;
        } finally {
            lock.unlock();
        }
    }

    @Benchmark
    public long uncontendedMonitor() {
        synchronized (monitor) {
            return ++counter;
        }
    }

    @Benchmark
    @Group("contended")
    @GroupThreads(4)
    public long contendedReentrantLock() {
        lock.lock();
        try {
            return ++counter;
        } finally {
            lock.unlock();
        }
    }
}
