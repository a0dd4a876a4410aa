package dev.weft.testapps.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One contended {@code ReentrantLock} acquisition per operation, each through the AQS slow path that
 * Weft advises, cheap enough that the agent's added cost per contended acquisition (issue target: at
 * most 200 ns) is resolvable.
 *
 * <p><b>How each operation is one slow-path acquisition, without parking.</b> Another thread holds the
 * lock for the whole trial. The operation is {@code tryLock(1, NANOSECONDS)}: on JDK 17 and 25 it is
 * {@code Sync.tryLockNanos} → {@code initialTryLock()} (fails: held) → {@code tryAcquireNanos(1, 1)},
 * which, the timeout being positive, calls
 * {@code acquire(null, 1, false, true, true, System.nanoTime() + 1)} — the advised method — exactly once.
 * Inside, the thread allocates and enqueues its node, sets it {@code WAITING}, and on the next turn finds
 * the deadline passed ({@code time - System.nanoTime() <= 0}), so it breaks out before
 * {@code LockSupport.parkNanos} and cancels its node ({@code cancelAcquire}, returning 0): no park, no
 * other thread involved. The agent records it like any slow-path acquisition — a timed-out one included
 * (the wait is timed from entry to exit whatever the outcome) — as one {@code reentrant_lock}
 * observation of {@code jvm_lock_contention_seconds}: {@code WaitsIT} checks in a child JVM that the
 * count grows by exactly the number of such calls. The few hundred nanoseconds it lasts are far below
 * {@code lock.event.threshold} (at least 1 ms), so no stack is taken.
 *
 * <p>Without the agent the figure is the JDK's own slow path (enqueue, two failed {@code tryAcquire},
 * cancel, about 30 B for the node); with it, the difference is Weft's cost per contended acquisition.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LockSlowPathBench {

    static {
        AgentReady.await(); // measure the agent installed, not installing
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch release = new CountDownLatch(1);
    private Thread holder;

    @Setup(Level.Trial)
    public void holdTheLock() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        holder = new Thread(() -> {
            lock.lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }, "bench-lock-holder");
        holder.setDaemon(true);
        holder.start();
        held.await();
    }

    @TearDown(Level.Trial)
    public void releaseTheLock() throws InterruptedException {
        release.countDown();
        holder.join();
    }

    /** A contended acquisition that times out at once: one pass through the AQS slow path. */
    @Benchmark
    public boolean contendedTryLock() throws InterruptedException {
        return lock.tryLock(1, TimeUnit.NANOSECONDS);
    }
}
