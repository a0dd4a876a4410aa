package dev.weft.testapps.stress;

import static dev.weft.testapps.stress.Stress.check;

import dev.weft.testapps.stress.Stress.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * Executor completion and rejection with the agent's executor hooks in: a bounded pool with the abort
 * policy accepts and rejects exactly what its capacity allows, {@code invokeAll} returns every result,
 * scheduled tasks run no earlier than their delay, fork/join sums equal the closed form, and
 * {@code CompletableFuture} chains complete (normally or exceptionally) exactly once each.
 */
public final class ExecutorScenarios {

    private static final long WAIT_SECONDS = 10;

    private ExecutorScenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
                new Scenario("executor", "bounded_abort", ExecutorScenarios::boundedAbort),
                new Scenario("executor", "invoke_all", ExecutorScenarios::invokeAll),
                new Scenario("executor", "scheduled", ExecutorScenarios::scheduled),
                new Scenario("executor", "fork_join", ExecutorScenarios::forkJoin),
                new Scenario("executor", "completable_future", ExecutorScenarios::completableFuture));
    }

    /**
     * 2 workers and a queue of 10, abort policy. Each round first occupies both workers with tasks that
     * wait on a gate (and waits until both run), then submits 18 more: exactly 10 are queued and 8 are
     * rejected, whatever the timing. Then the gate opens and the round's 12 tasks complete.
     */
    private static String boundedAbort() throws Exception {
        int rounds = 100;
        int workers = 2;
        int queue = 10;
        int flood = 18;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(queue), new ThreadPoolExecutor.AbortPolicy());
        long submitted = 0;
        long rejected = 0;
        AtomicLong ran = new AtomicLong();
        try {
            for (int r = 0; r < rounds; r++) {
                CountDownLatch gate = new CountDownLatch(1);
                CountDownLatch running = new CountDownLatch(workers);
                CountDownLatch finished = new CountDownLatch(workers + queue);
                Runnable blocker = () -> {
                    running.countDown();
                    await(gate);
                    ran.incrementAndGet();
                    finished.countDown();
                };
                Runnable task = () -> {
                    ran.incrementAndGet();
                    finished.countDown();
                };
                for (int i = 0; i < workers; i++) {
                    pool.execute(blocker);
                    submitted++;
                }
                check(running.await(WAIT_SECONDS, TimeUnit.SECONDS), "round " + r + ": workers never started");
                for (int i = 0; i < flood; i++) {
                    submitted++;
                    try {
                        pool.execute(task);
                    } catch (RejectedExecutionException e) {
                        rejected++;
                    }
                }
                gate.countDown();
                check(finished.await(WAIT_SECONDS, TimeUnit.SECONDS), "round " + r + ": tasks never finished");
            }
        } finally {
            pool.shutdown();
        }
        check(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "pool never terminated");
        long completed = pool.getCompletedTaskCount();
        check(completed + rejected == submitted && ran.get() == completed
                        && rejected == (long) rounds * (flood - queue),
                "submitted=" + submitted + " completed=" + completed + " ran=" + ran.get() + " rejected=" + rejected);
        return "submitted=" + submitted + " completed=" + completed + " rejected=" + rejected;
    }

    private static String invokeAll() throws Exception {
        int rounds = 50;
        int tasks = 100;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long total = 0;
        try {
            for (int r = 0; r < rounds; r++) {
                List<Callable<Long>> calls = new ArrayList<>();
                for (int i = 0; i < tasks; i++) {
                    long v = i;
                    calls.add(() -> v * v);
                }
                List<Future<Long>> results = pool.invokeAll(calls, WAIT_SECONDS, TimeUnit.SECONDS);
                for (int i = 0; i < tasks; i++) {
                    Future<Long> f = results.get(i);
                    check(f.isDone() && !f.isCancelled(), "round " + r + ": task " + i + " not done");
                    check(f.get() == (long) i * i, "round " + r + ": task " + i + " returned " + f.get());
                    total += f.get();
                }
                long any = pool.invokeAny(calls.subList(7, 8), WAIT_SECONDS, TimeUnit.SECONDS);
                check(any == 49, "round " + r + ": invokeAny returned " + any);
            }
        } finally {
            pool.shutdown();
        }
        check(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "pool never terminated");
        long n = tasks - 1;
        long expected = rounds * (n * (n + 1) * (2 * n + 1) / 6);
        check(total == expected, "sum=" + total + " expected=" + expected);
        return "rounds=" + rounds + " sum=" + total;
    }

    /**
     * One-shot tasks with delays of 0 to 9 ms each run once and no earlier than their delay; a fixed-rate
     * and a fixed-delay task run until they have run 20 times and are then cancelled.
     */
    private static String scheduled() throws Exception {
        int oneShots = 200;
        int periodicRuns = 20;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2);
        AtomicInteger early = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        try {
            CountDownLatch done = new CountDownLatch(oneShots);
            for (int i = 0; i < oneShots; i++) {
                long delay = TimeUnit.MILLISECONDS.toNanos(i % 10);
                long scheduledAt = System.nanoTime();
                pool.schedule(() -> {
                    if (System.nanoTime() - scheduledAt < delay) {
                        early.incrementAndGet();
                    }
                    ran.incrementAndGet();
                    done.countDown();
                }, delay, TimeUnit.NANOSECONDS);
            }
            AtomicInteger rate = new AtomicInteger();
            AtomicInteger delayed = new AtomicInteger();
            CountDownLatch periodic = new CountDownLatch(2);
            ScheduledFuture<?> f1 = pool.scheduleAtFixedRate(() -> {
                if (rate.incrementAndGet() == periodicRuns) {
                    periodic.countDown();
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> f2 = pool.scheduleWithFixedDelay(() -> {
                if (delayed.incrementAndGet() == periodicRuns) {
                    periodic.countDown();
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            check(done.await(WAIT_SECONDS, TimeUnit.SECONDS), "one-shot tasks never ran: " + done.getCount() + " left");
            check(periodic.await(WAIT_SECONDS, TimeUnit.SECONDS), "periodic tasks never reached " + periodicRuns);
            f1.cancel(false);
            f2.cancel(false);
            check(f1.isCancelled() && f2.isCancelled(), "periodic tasks not cancelled");
        } finally {
            pool.shutdown();
        }
        check(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "pool never terminated");
        check(early.get() == 0 && ran.get() == oneShots, "ran=" + ran.get() + " early=" + early.get());
        return "one_shot=" + ran.get() + " early=0 periodic_runs>=" + periodicRuns;
    }

    /** Sum of [from, to] split in halves down to {@code THRESHOLD} numbers. */
    static final class Sum extends RecursiveTask<Long> {
        private static final long serialVersionUID = 1L;
        static final long THRESHOLD = 5_000;
        private final long from;
        private final long to;

        Sum(long from, long to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected Long compute() {
            if (to - from < THRESHOLD) {
                long s = 0;
                for (long i = from; i <= to; i++) {
                    s += i;
                }
                return s;
            }
            long mid = (from + to) >>> 1;
            Sum left = new Sum(from, mid);
            left.fork();
            return new Sum(mid + 1, to).compute() + left.join();
        }
    }

    private static String forkJoin() throws Exception {
        long n = 5_000_000;
        long expected = n * (n + 1) / 2;
        ForkJoinPool pool = new ForkJoinPool(4);
        long own;
        try {
            own = pool.submit(new Sum(1, n)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }
        check(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "pool never terminated");
        long common = ForkJoinPool.commonPool().submit(() -> LongStream.rangeClosed(1, n).parallel().sum())
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        check(own == expected && common == expected, "own=" + own + " common=" + common + " expected=" + expected);
        return "n=" + n + " sum=" + own + " common_pool_sum=" + common;
    }

    /** Chains over a pool: every 7th fails in the middle and is recovered by {@code exceptionally}. */
    private static String completableFuture() throws Exception {
        int chains = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        AtomicInteger recovered = new AtomicInteger();
        long sum;
        try {
            List<CompletableFuture<Long>> all = new ArrayList<>();
            for (int i = 0; i < chains; i++) {
                long v = i;
                CompletableFuture<Long> base = CompletableFuture.supplyAsync(() -> v, pool);
                CompletableFuture<Long> one = CompletableFuture.supplyAsync(() -> 1L, pool);
                all.add(base.thenApplyAsync(x -> {
                    if (x % 7 == 0) {
                        throw new IllegalStateException("planned failure " + x);
                    }
                    return x * 2;
                }, pool).exceptionally(e -> {
                    recovered.incrementAndGet();
                    return 0L;
                }).thenCombineAsync(one, Long::sum, pool));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(WAIT_SECONDS, TimeUnit.SECONDS);
            sum = 0;
            for (CompletableFuture<Long> f : all) {
                sum += f.getNow(-1_000_000L);
            }
        } finally {
            pool.shutdown();
        }
        check(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "pool never terminated");
        long expected = 0;
        int failing = 0;
        for (long i = 0; i < chains; i++) {
            if (i % 7 == 0) {
                failing++;
                expected += 1;
            } else {
                expected += i * 2 + 1;
            }
        }
        check(sum == expected && recovered.get() == failing,
                "sum=" + sum + " expected=" + expected + " recovered=" + recovered.get() + " failing=" + failing);
        return "chains=" + chains + " recovered=" + failing + " sum=" + sum;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
