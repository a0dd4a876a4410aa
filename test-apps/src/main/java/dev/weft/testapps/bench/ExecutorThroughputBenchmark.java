package dev.weft.testapps.bench;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue #4's throughput figure as it is worded: a fixed pool ({@code Executors.newFixedThreadPool(4)})
 * running a million tiny tasks submitted as fast as one thread can, timed from the first
 * {@code execute} until every task has run. The score is the time per task; the ratio of the scores
 * with and without the agent ({@link Bench} prints it) is the throughput lost.
 *
 * <p>Each task is a new object with an empty {@code run()}, as {@code submit()} (a new
 * {@code FutureTask}) or a capturing lambda gives, so the agent keys every submission by a fresh
 * identity. Completion is seen without touching the tasks: after the million, one barrier task per
 * worker; the queue is FIFO and each worker runs its tasks one after the other, so when all four
 * workers (and this thread) meet at the barrier every earlier task has run.
 *
 * <p>The submitter runs ahead of the workers, so most of the million wait in the queue at once: far
 * more than the agent's submit-time table holds (16 384 slots), so most of their queue waits are not
 * recorded (their run times are); the agent still looks for a free slot at every submission and for
 * the task at every dequeue, which is the cost measured here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 3)
public class ExecutorThroughputBenchmark {

    static {
        AgentReady.await(); // measure the agent installed, not installing
    }

    static final int TASKS = 1_000_000;
    static final int THREADS = 4;

    private ExecutorService pool;
    private final CyclicBarrier allRan = new CyclicBarrier(THREADS + 1);

    @Setup(Level.Trial)
    public void setUp() {
        pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "bench-fixed-worker");
            t.setDaemon(true);
            return t;
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** A million tiny tasks, then the barrier: the time per task. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void millionTinyTasks() throws InterruptedException, BrokenBarrierException {
        for (int i = 0; i < TASKS; i++) {
            pool.execute(new Tiny());
        }
        for (int i = 0; i < THREADS; i++) {
            pool.execute(this::meet);
        }
        allRan.await();
    }

    private void meet() {
        try {
            allRan.await();
        } catch (InterruptedException | BrokenBarrierException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The tiniest task: nothing to do. */
    private static final class Tiny implements Runnable {
        @Override
        public void run() {
        }
    }
}
