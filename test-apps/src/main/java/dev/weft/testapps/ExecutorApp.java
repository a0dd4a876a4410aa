package dev.weft.testapps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread pools in known states, so that a test can compare the agent's executor metrics with the
 * pools' own getters read at the same moment:
 * <ul>
 *   <li>{@code early-worker-#}: built first thing in {@code main} (possibly before the agent's hooks
 *       are in), used only on the {@code use-early} command (3 tasks);</li>
 *   <li>{@code fixed-worker-#}: 4 threads, a bounded queue of 10, a subclass overriding
 *       {@code beforeExecute}/{@code afterExecute} without calling {@code super}; 5 short tasks and
 *       one that throws, then 4 running (blocked) tasks and 3 queued;</li>
 *   <li>{@code rejecting-worker-#}: 1 thread, a synchronous queue, the abort policy; one blocked task
 *       and 5 rejected submissions (counted by the application);</li>
 *   <li>{@code sched-worker-#}: a scheduled pool of 2; 3 one-shot tasks done, one due in an hour;</li>
 *   <li>{@code ForkJoinPool-#-worker-#}: a {@code ForkJoinPool} of parallelism 2 with 3 blocking tasks;</li>
 *   <li>{@code tpt-worker-#} (JDK 21+): a thread-per-task executor, 5 tasks done and 3 blocked.</li>
 * </ul>
 * {@code main} builds the early pool and prints {@code started}; the {@code setup} command builds the
 * others and prints {@code ready} (so that a test can build them after the agent's hooks are in).
 * Commands (besides {@link Control}'s): {@code pools} prints one line per pool,
 * {@code pool name=<expected name> type=<type> active=… size=… core=… max=… queued=… remaining=…
 * completed=… rejected=…} ({@code remaining=-1} for an unbounded queue) then {@code pools-end};
 * {@code use-early} → {@code used-early}; {@code timed N} (see {@link #timed}); {@code bad} (see
 * {@link #bad}); {@code churn N} builds, uses and shuts down N pools →
 * {@code churned N}; {@code saturate} / {@code saturate-stop} (see {@link #saturate}); {@code busy MILLIS}
 * (see {@link #busy}); {@code lines} prints {@code lines fixed=L rejecting=L saturated=L}, the lines that
 * build those pools; {@code tpt-close} shuts the thread-per-task executor down → {@code tpt-closed}.
 */
public final class ExecutorApp {

    private static final TimeUnit MS = TimeUnit.MILLISECONDS;
    private static final Map<String, ExecutorService> POOLS = new LinkedHashMap<>();
    private static final AtomicInteger REJECTED = new AtomicInteger();
    private static final List<ThreadPoolExecutor> KEEP = new ArrayList<>();
    /** The thread-per-task executor's threads, ended or not: the ground truth of its counts. */
    private static final List<Thread> TPT_THREADS = new ArrayList<>();
    /** Lines that build pools findings name: fixed, rejecting, saturated. */
    private static final Map<String, Integer> LINES = new LinkedHashMap<>();
    private static volatile ThreadPoolExecutor saturated;
    private static volatile boolean feeding;

    private ExecutorApp() {
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor early = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), named("early-worker-"));
        POOLS.put("early-worker-#", early);
        System.out.println("started");
        System.out.flush();
        Control.serve(line -> {
            try {
                return command(line, early);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static boolean command(String line, ThreadPoolExecutor early) throws Exception {
        if (line.equals("setup")) {
            setUp();
            System.out.println("ready");
            return true;
        }
        if (line.equals("pools")) {
            printPools();
            return true;
        }
        if (line.equals("use-early")) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fs.add(early.submit(() -> { }));
            }
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
            System.out.println("used-early");
            return true;
        }
        if (line.equals("common")) {
            ForkJoinPool.commonPool().submit(() -> { }).get(30, TimeUnit.SECONDS);
            ForkJoinPool c = ForkJoinPool.commonPool();
            System.out.println("common parallelism=" + c.getParallelism());
            return true;
        }
        if (line.startsWith("timed ")) {
            timed(Integer.parseInt(line.substring("timed ".length())));
            return true;
        }
        if (line.equals("bad")) {
            bad();
            return true;
        }
        if (line.equals("lines")) {
            StringBuilder sb = new StringBuilder("lines");
            LINES.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            System.out.println(sb);
            return true;
        }
        if (line.equals("tpt-close")) { // interrupts the blocked tasks, then waits for them
            ExecutorService tpt = POOLS.remove("tpt-worker-#");
            tpt.shutdownNow();
            tpt.awaitTermination(30, TimeUnit.SECONDS);
            System.out.println("tpt-closed");
            return true;
        }
        if (line.equals("saturate")) {
            saturate();
            return true;
        }
        if (line.equals("saturate-stop")) {
            feeding = false;
            saturated.shutdownNow();
            saturated.awaitTermination(30, TimeUnit.SECONDS);
            System.out.println("saturate-stopped");
            return true;
        }
        if (line.startsWith("busy ")) {
            busy(Long.parseLong(line.substring("busy ".length())));
            return true;
        }
        if (line.startsWith("churn ")) {
            int n = Integer.parseInt(line.substring("churn ".length()));
            for (int i = 0; i < n; i++) {
                ThreadPoolExecutor p = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(), named("churn-" + i + "-worker-"));
                p.execute(() -> { });
                p.shutdown();
            }
            System.out.println("churned " + n);
            return true;
        }
        return false;
    }

    /**
     * A pool of 2 ({@code saturated-worker-#}, unbounded queue) fed 20 tasks of 100 ms per second by a
     * feeder thread until {@code saturate-stop}: it completes about 20 per second at best, so its
     * threads stay busy and its queue grows. Prints {@code saturating}.
     */
    private static void saturate() {
        ThreadFactory factory = named("saturated-worker-");
        LINES.put("saturated", new Throwable().getStackTrace()[0].getLineNumber() + 1);
        ThreadPoolExecutor p = new ThreadPoolExecutor(2, 2, 0, MS, new LinkedBlockingQueue<>(), factory);
        saturated = p;
        feeding = true;
        Thread feeder = new Thread(() -> {
            while (feeding) {
                for (int i = 0; i < 4 && feeding; i++) {
                    try {
                        p.execute(ExecutorApp::sleep100);
                    } catch (RejectedExecutionException stopped) {
                        return;
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "saturation-feeder");
        feeder.setDaemon(true);
        feeder.start();
        System.out.println("saturating");
    }

    private static void sleep100() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A healthy busy pool ({@code busy-worker-#}, 4 threads): for {@code millis}, every 20 ms a burst of
     * 8 tasks of 2 ms — its threads are all busy and its queue holds tasks at times, but it keeps up
     * (each burst drains long before the next). Prints {@code busy-done tasks=N} when done.
     */
    private static void busy(long millis) throws Exception {
        ThreadPoolExecutor p = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                named("busy-worker-"));
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        int n = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 8; i++) {
                p.execute(() -> {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                n++;
            }
            Thread.sleep(20);
        }
        p.shutdown();
        p.awaitTermination(30, TimeUnit.SECONDS);
        System.out.println("busy-done tasks=" + n);
    }

    /**
     * Runs {@code n} tasks of about 10 ms each on a new pool of 2 ({@code timed-worker-#}) and prints
     * {@code timed tasks=N wait_sum=S run_sum=S} (seconds) when all have run. Each task's queue wait
     * runs from just before {@code execute} to {@code beforeExecute}; its run time from the start of
     * {@code beforeExecute} to the end of {@code afterExecute} — the span the pool's worker lock
     * encloses, which is what the agent measures. Completion is observed by polling a counter rather
     * than by a latch the task counts down: a wake-up inside the measured
     * span would let the woken main thread preempt the worker on a small machine and inflate only
     * the agent's figure.
     */
    private static void timed(int n) throws Exception {
        long[] submitted = new long[n];
        long[] waits = new long[n];
        long[] runs = new long[n];
        ThreadLocal<Long> began = new ThreadLocal<>();
        AtomicInteger finished = new AtomicInteger(); // polled, never waited on: nothing to wake
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), named("timed-worker-")) {
            @Override
            protected void beforeExecute(Thread t, Runnable r) {
                long now = System.nanoTime();
                began.set(now);
                int k = ((Timed) r).index;
                waits[k] = now - submitted[k];
            }

            @Override
            protected void afterExecute(Runnable r, Throwable t) {
                runs[((Timed) r).index] = System.nanoTime() - began.get();
                finished.incrementAndGet();
            }
        };
        POOLS.put("timed-worker-#", pool);
        for (int i = 0; i < n; i++) {
            submitted[i] = System.nanoTime();
            pool.execute(new Timed(i));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (finished.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long waitSum = 0;
        long runSum = 0;
        for (int i = 0; i < n; i++) {
            waitSum += waits[i];
            runSum += runs[i];
        }
        System.out.println("timed tasks=" + n + " wait_sum=" + waitSum / 1e9 + " run_sum=" + runSum / 1e9);
    }

    /** A task of about 10 ms that knows its index. */
    private static final class Timed implements Runnable {
        final int index;

        Timed(int index) {
            this.index = index;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Bad input: a thread factory that returns null (its task stays queued, no worker ever starts),
     * one that throws (execute throws it), tasks that throw from {@code execute} (their workers die
     * and are replaced), a pool shut down with tasks queued, one shut down now with tasks queued,
     * and a pool that is never shut down and becomes unreachable. Prints
     * {@code bad-done null-line=L throwing-caught=B} where L is the line that builds the
     * null-factory pool.
     */
    private static void bad() throws Exception {
        int nullLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        ThreadPoolExecutor nullFactory = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> null);
        KEEP.add(nullFactory);
        nullFactory.execute(() -> { });

        ThreadPoolExecutor throwingFactory = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    throw new IllegalStateException("factory says no");
                });
        boolean caught = false;
        try {
            throwingFactory.execute(() -> { });
        } catch (IllegalStateException expected) {
            caught = true;
        }
        throwingFactory.shutdownNow();

        ThreadPoolExecutor throwingTasks = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "bad-tasks-worker");
                    t.setDaemon(true);
                    t.setUncaughtExceptionHandler((th, e) -> { }); // keep the expected failures off stderr
                    return t;
                });
        CountDownLatch thrown = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            throwingTasks.execute(() -> {
                thrown.countDown();
                throw new IllegalStateException("a task that throws");
            });
        }
        thrown.await(30, TimeUnit.SECONDS);
        throwingTasks.shutdown();

        CountDownLatch hold = new CountDownLatch(1);
        ThreadPoolExecutor queuedShutdown = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), named("bad-queued-worker-"));
        ThreadPoolExecutor queuedShutdownNow = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), named("bad-drained-worker-"));
        for (ThreadPoolExecutor p : List.of(queuedShutdown, queuedShutdownNow)) {
            for (int i = 0; i < 5; i++) {
                p.execute(() -> {
                    try {
                        hold.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
        queuedShutdown.shutdown();
        queuedShutdownNow.shutdownNow();
        hold.countDown();
        queuedShutdown.awaitTermination(30, TimeUnit.SECONDS);
        queuedShutdownNow.awaitTermination(30, TimeUnit.SECONDS);

        // Never shut down, unreachable once this method returns; no core threads, so it can be collected.
        new ThreadPoolExecutor(0, 1, 1, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), named("bad-orphan-"))
                .execute(() -> { });
        System.out.println("bad-done null-line=" + nullLine + " throwing-caught=" + caught);
    }

    /** Builds the pools other than the early one and brings them to their known states. */
    private static void setUp() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Runnable block = () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        LINES.put("fixed", new Throwable().getStackTrace()[0].getLineNumber() + 2);
        // One line: javac gives the anonymous subclass's construction the line its body starts on.
        ThreadPoolExecutor fixed = new ThreadPoolExecutor(4, 4, 0, MS, new ArrayBlockingQueue<>(10), named("fixed-worker-")) {
            @Override
            protected void beforeExecute(Thread t, Runnable r) {
                // deliberately no super call
            }

            @Override
            protected void afterExecute(Runnable r, Throwable t) {
                // deliberately no super call
            }
        };
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            done.add(fixed.submit(() -> { }));
        }
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        try {
            fixed.submit(() -> {
                throw new IllegalStateException("a task that throws");
            }).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
            // the task threw, as it should
        }
        CountDownLatch running = new CountDownLatch(4);
        for (int i = 0; i < 7; i++) {
            fixed.execute(() -> {
                running.countDown();
                block.run();
            });
        }
        running.await(30, TimeUnit.SECONDS);

        ThreadFactory rejectingFactory = named("rejecting-worker-");
        RejectedExecutionHandler abort = new ThreadPoolExecutor.AbortPolicy();
        LINES.put("rejecting", new Throwable().getStackTrace()[0].getLineNumber() + 1);
        ThreadPoolExecutor rejecting = new ThreadPoolExecutor(1, 1, 0, MS, new SynchronousQueue<>(), rejectingFactory, abort);
        rejecting.execute(block);
        for (int i = 0; i < 5; i++) {
            try {
                rejecting.execute(() -> { });
            } catch (RejectedExecutionException e) {
                REJECTED.incrementAndGet();
            }
        }

        ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(2, named("sched-worker-"));
        List<ScheduledFuture<?>> shots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shots.add(scheduled.schedule(() -> { }, 0, TimeUnit.MILLISECONDS));
        }
        for (ScheduledFuture<?> f : shots) {
            f.get(30, TimeUnit.SECONDS);
        }
        scheduled.schedule(() -> { }, 1, TimeUnit.HOURS);

        POOLS.put("fixed-worker-#", fixed);
        POOLS.put("rejecting-worker-#", rejecting);
        POOLS.put("sched-worker-#", scheduled);

        ForkJoinPool forkJoin = new ForkJoinPool(2);
        CountDownLatch forkJoinRunning = new CountDownLatch(2);
        for (int i = 0; i < 3; i++) {
            forkJoin.execute(() -> {
                forkJoinRunning.countDown();
                block.run();
            });
        }
        forkJoinRunning.await(30, TimeUnit.SECONDS);
        POOLS.put("ForkJoinPool-#-worker-#", forkJoin);

        if (Runtime.version().feature() >= 21) {
            threadPerTask(block);
        }
    }

    /**
     * JDK 21+: a thread-per-task executor ({@code tpt-worker-#}) that has run 5 tasks to the end (their
     * threads joined) and runs 3 blocked ones. Built through reflection: this code is compiled for 17.
     */
    private static void threadPerTask(Runnable block) throws Exception {
        ThreadFactory named = named("tpt-worker-");
        List<Thread> made = java.util.Collections.synchronizedList(new ArrayList<>());
        ThreadFactory recording = r -> {
            Thread t = named.newThread(r);
            made.add(t);
            return t;
        };
        ExecutorService tpt = (ExecutorService) java.util.concurrent.Executors.class
                .getMethod("newThreadPerTaskExecutor", ThreadFactory.class).invoke(null, recording);
        for (int i = 0; i < 5; i++) {
            tpt.execute(() -> { });
        }
        List<Thread> done;
        synchronized (made) {
            done = new ArrayList<>(made);
        }
        for (Thread t : done) {
            t.join(30_000); // its task has ended and the executor has forgotten it
        }
        CountDownLatch running = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            tpt.execute(() -> {
                running.countDown();
                block.run();
            });
        }
        running.await(30, TimeUnit.SECONDS);
        POOLS.put("tpt-worker-#", tpt);
        TPT_THREADS.addAll(made);
    }

    private static void printPools() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ExecutorService> e : POOLS.entrySet()) {
            sb.append("pool name=").append(e.getKey());
            if (e.getValue() instanceof ForkJoinPool) {
                ForkJoinPool f = (ForkJoinPool) e.getValue();
                sb.append(" type=fork_join active=").append(f.getActiveThreadCount())
                        .append(" size=").append(f.getPoolSize())
                        .append(" core=").append(f.getParallelism())
                        .append(" max=-1 queued=").append(f.getQueuedSubmissionCount() + f.getQueuedTaskCount())
                        .append(" remaining=-1 completed=-1 rejected=-1\n");
                continue;
            }
            if (!(e.getValue() instanceof ThreadPoolExecutor)) { // thread-per-task: no queue, core, max or rejections
                long alive = TPT_THREADS.stream().filter(Thread::isAlive).count();
                sb.append(" type=thread_per_task active=").append(alive).append(" size=").append(alive)
                        .append(" core=-1 max=-1 queued=0 remaining=-1 completed=")
                        .append(TPT_THREADS.size() - alive).append(" rejected=-1\n");
                continue;
            }
            ThreadPoolExecutor p = (ThreadPoolExecutor) e.getValue();
            int remaining = p.getQueue().remainingCapacity();
            sb.append(" type=").append(p instanceof ScheduledThreadPoolExecutor ? "scheduled" : "thread_pool")
                    .append(" active=").append(p.getActiveCount())
                    .append(" size=").append(p.getPoolSize())
                    .append(" core=").append(p.getCorePoolSize())
                    .append(" max=").append(p.getMaximumPoolSize())
                    .append(" queued=").append(p.getQueue().size())
                    .append(" remaining=").append(remaining == Integer.MAX_VALUE ? -1 : remaining)
                    .append(" completed=").append(p.getCompletedTaskCount())
                    .append(" rejected=").append(e.getKey().startsWith("rejecting") ? REJECTED.get() : 0)
                    .append('\n');
        }
        sb.append("pools-end");
        System.out.println(sb);
    }
}
