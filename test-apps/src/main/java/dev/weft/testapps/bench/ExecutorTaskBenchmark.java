package dev.weft.testapps.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
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
 * The cost of one task on a fixed pool of 4, from {@code execute} to completion, in batches of
 * {@value #BATCH} tiny tasks. Run it twice, without and with the agent, on an otherwise idle
 * machine, and compare (the difference is what Weft adds per task: a submit-time slot, an identity
 * lookup per hook, three {@code nanoTime()} reads, two counts into the worker's own cell):
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * CP="test-apps/target/weft-test-apps.jar:test-apps/target/lib/*"
 * java -cp "$CP" org.openjdk.jmh.Main ExecutorTaskBenchmark -prof gc
 * java -cp "$CP" org.openjdk.jmh.Main ExecutorTaskBenchmark -prof gc \
 *     -jvmArgsAppend "-javaagent:agent/target/weft-agent.jar=port=0,quiet=true"
 * </pre>
 *
 * With {@code port=0} nothing reads the recorders, which is the worst case for the writers' memory
 * traffic only in that nothing is ever swapped; the writers' path is the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 3)
public class ExecutorTaskBenchmark {

    static {
        AgentReady.await(); // measure the agent installed, not installing
    }

    static final int BATCH = 10_000;

    private ThreadPoolExecutor pool;
    private volatile CountDownLatch latch;
    private final Runnable task = () -> latch.countDown();

    @Setup(Level.Trial)
    public void setUp() {
        pool = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "bench-worker");
            t.setDaemon(true);
            return t;
        });
        pool.prestartAllCoreThreads();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /**
     * As {@link #submitRunComplete}, with a new task object per submission, as {@code submit()} (a new
     * {@code FutureTask}) or a capturing lambda gives: the agent then keys each task's submission time
     * by a fresh identity (the benchmark above queues one instance thousands of times over).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void submitRunCompleteDistinctTasks() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(BATCH);
        latch = done;
        for (int i = 0; i < BATCH; i++) {
            pool.execute(new CountDown(done));
        }
        done.await();
    }

    /** A task of its own per submission. */
    private static final class CountDown implements Runnable {
        private final CountDownLatch done;

        CountDown(CountDownLatch done) {
            this.done = done;
        }

        @Override
        public void run() {
            done.countDown();
        }
    }

    /** Submits {@value #BATCH} tasks and waits until all have run: the time per task. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void submitRunComplete() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(BATCH);
        latch = done;
        for (int i = 0; i < BATCH; i++) {
            pool.execute(task);
        }
        done.await();
    }
}
