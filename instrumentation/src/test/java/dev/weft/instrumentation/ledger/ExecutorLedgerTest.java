package dev.weft.instrumentation.ledger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.weft.bridge.WeftBridge;
import dev.weft.bridge.WeftExecutorBridge;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The executor ledger driven through its hooks directly (no agent): discovery, names, removal,
 * weak references, cardinality, and values equal to the pools' own getters.
 */
class ExecutorLedgerTest {

    private final ExecutorLedger ledger = new ExecutorLedger(null);
    private final List<ThreadPoolExecutor> pools = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() throws InterruptedException {
        release.countDown();
        for (ThreadPoolExecutor p : pools) {
            p.shutdownNow();
            p.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private ThreadPoolExecutor pool(int core, int max, BlockingQueue<Runnable> queue, ThreadFactory f) {
        ThreadPoolExecutor p = new ThreadPoolExecutor(core, max, 1, TimeUnit.MINUTES, queue, f);
        pools.add(p);
        return p;
    }

    private void block(ThreadPoolExecutor p, int tasks, CountDownLatch started) {
        for (int i = 0; i < tasks; i++) {
            ledger.used(p, null, true);
            p.execute(() -> {
                ledger.workerStarting(p, Thread.currentThread());
                if (started != null) {
                    started.countDown();
                }
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private ExecutorSeries only(String name) {
        List<ExecutorSeries> matching = ledger.series().stream().filter(s -> s.name().equals(name)).toList();
        assertEquals(1, matching.size(), () -> name + " in " + ledger.series());
        return matching.get(0);
    }

    @Test
    void namedByCreationSiteUntilAWorkerStartsThenByNormalisedThreadName() throws Exception {
        ThreadPoolExecutor p = pool(2, 2, new LinkedBlockingQueue<>(), named("fixed-worker-"));
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        ledger.constructed(p);
        assertEquals("ThreadPoolExecutor@ExecutorLedgerTest.java:" + line, ledger.nameOf(p));
        CountDownLatch started = new CountDownLatch(2);
        block(p, 2, started);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertEquals("fixed-worker-#", ledger.nameOf(p));
    }

    @Test
    void everyValueEqualsTheGettersOfAFixedPoolWithABoundedQueue() throws Exception {
        ThreadPoolExecutor p = pool(4, 4, new ArrayBlockingQueue<>(10), named("bounded-12-worker-"));
        ledger.constructed(p);
        CountDownLatch started = new CountDownLatch(4);
        block(p, 7, started);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        ledger.rejected(p, null);
        ledger.rejected(p, null);

        ExecutorSeries s = only("bounded-#-worker-#");
        assertEquals(ExecutorLedger.TYPE_THREAD_POOL, s.type());
        assertEquals(1, s.executors());
        assertEquals(p.getActiveCount(), s.active());
        assertEquals(4, s.active());
        assertEquals(p.getPoolSize(), s.poolSize());
        assertEquals(4, s.core());
        assertEquals(4, s.max());
        assertEquals(3, s.queued());
        assertEquals(7, s.queueRemaining());
        assertEquals(p.getCompletedTaskCount(), s.completed());
        assertEquals(2, s.rejected());
    }

    @Test
    void customQueues() {
        ThreadPoolExecutor sync = pool(1, 1, new SynchronousQueue<>(), named("sync-"));
        ThreadPoolExecutor prio = pool(1, 1, new PriorityBlockingQueue<>(), named("prio-"));
        ScheduledThreadPoolExecutor sched = new ScheduledThreadPoolExecutor(1, named("sched-"));
        pools.add(sched);
        ledger.constructed(sync);
        ledger.constructed(prio);
        ledger.constructed(sched);
        List<ExecutorSeries> all = ledger.series();
        assertEquals(3, all.size(), all.toString());
        assertEquals(0, all.get(0).queueRemaining(), "a synchronous queue is bounded, at zero");
        assertEquals(-1, all.get(1).queueRemaining(), "a priority queue is unbounded");
        assertEquals(ExecutorLedger.TYPE_SCHEDULED, all.get(2).type());
        assertEquals(-1, all.get(2).queueRemaining(), "the delayed work queue is unbounded");
    }

    @Test
    void poolsBuiltBeforeTheHooksArePickedUpOnFirstUse() {
        ThreadPoolExecutor p = pool(1, 1, new LinkedBlockingQueue<>(), named("early-"));
        assertFalse(ledger.isTracked(p));
        ledger.used(p, null, true);
        assertTrue(ledger.isTracked(p));
        assertTrue(ledger.nameOf(p).startsWith("ThreadPoolExecutor@"), ledger.nameOf(p));

        ThreadPoolExecutor q = pool(1, 1, new LinkedBlockingQueue<>(), named("early-rejecting-"));
        ledger.rejected(q, null);
        assertTrue(ledger.isTracked(q));
        assertEquals(1, only(ledger.nameOf(q)).rejected());
    }

    @Test
    void shutdownRemovesAndAShutDownPoolIsNeverRecorded() throws Exception {
        ThreadPoolExecutor p = pool(1, 1, new LinkedBlockingQueue<>(), named("gone-"));
        ledger.constructed(p);
        p.execute(() -> { });
        ledger.shutdown(p, null); // not shut down yet: shutdown() threw before changing state
        assertTrue(ledger.isTracked(p));
        p.shutdown();
        ledger.shutdown(p, null);
        assertFalse(ledger.isTracked(p));
        ledger.used(p, null, true);
        ledger.rejected(p, null);
        ledger.workerStarting(p, Thread.currentThread());
        assertFalse(ledger.isTracked(p));
        assertEquals(List.of(), ledger.series());
    }

    @Test
    void completedAndRejectedDoNotGoDownWhenOnePoolOfASeriesShutsDown() throws Exception {
        ThreadPoolExecutor a = pool(1, 1, new LinkedBlockingQueue<>(), named("same-"));
        ThreadPoolExecutor b = pool(1, 1, new LinkedBlockingQueue<>(), named("same-"));
        for (ThreadPoolExecutor p : List.of(a, b)) {
            ledger.constructed(p);
            p.submit(() -> ledger.workerStarting(p, Thread.currentThread())).get(10, TimeUnit.SECONDS);
            ledger.rejected(p, null);
        }
        assertEquals(2, only("same-#").executors());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (only("same-#").completed() < 2 && System.nanoTime() < end) {
            Thread.onSpinWait(); // completedTasks is incremented just after the task returns
        }
        assertEquals(2, only("same-#").completed());
        a.shutdown();
        assertTrue(a.awaitTermination(10, TimeUnit.SECONDS));
        ledger.shutdown(a, null);
        ExecutorSeries s = only("same-#");
        assertEquals(1, s.executors());
        assertEquals(2, s.completed());
        assertEquals(2, s.rejected());
    }

    @Test
    void aCollectedPoolIsDroppedAndNeverKeptAlive() throws Exception {
        WeakReference<ThreadPoolExecutor> ref = collectable();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ref.get() != null && System.nanoTime() < end) {
            System.gc();
            Thread.sleep(10); // polling a condition with a deadline, not sleeping and hoping
        }
        assertNull(ref.get(), "the ledger must not keep the pool alive");
        assertEquals(List.of(), ledger.series());
        assertEquals(0, ledger.trackedCount());
    }

    @Test
    void aWorkerThreadThatEndedIsNotKeptAliveWhileItsPoolLives() throws Exception {
        ThreadPoolExecutor p = pool(1, 1, new LinkedBlockingQueue<>(), named("gone-"));
        ledger.constructed(p);
        // A worker thread holds its context class loader and its factory's classes: keeping it would keep a
        // discarded application's loader alive (the by-thread entry used to hold its thread strongly).
        WeakReference<Thread> ref = workerThatRanOneTask(p);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ref.get() != null && System.nanoTime() < end) {
            System.gc();
            Thread.sleep(10); // polling a condition with a deadline
        }
        assertNull(ref.get(), "the ledger must not keep an ended worker thread alive");
        assertEquals(1, ledger.series().size(), "the pool itself is still followed");
    }

    private WeakReference<Thread> workerThatRanOneTask(ThreadPoolExecutor p) throws InterruptedException {
        Object worker = new Object();
        ledger.workerCreated(p, worker, null);
        Thread t = new Thread(() -> {
            ledger.workerStarting(p, Thread.currentThread(), worker);
            ledger.taskStarting(p, worker);
            ledger.taskEnding(worker, Thread.currentThread());
        }, "gone-1");
        t.start();
        t.join();
        assertEquals(1, ledger.series().get(0).run().count(), "the task was recorded on the worker's thread");
        return new WeakReference<>(t);
    }

    private WeakReference<ThreadPoolExecutor> collectable() {
        ThreadPoolExecutor p = new ThreadPoolExecutor(0, 1, 1, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        ledger.constructed(p);
        assertEquals(1, ledger.series().size());
        return new WeakReference<>(p);
    }

    @Test
    void atMostFiftySeriesPerCallPlusOtherAndEachDropCountedOnce() {
        for (int i = 0; i < 120; i++) {
            ThreadPoolExecutor p = pool(1, 1, new LinkedBlockingQueue<>(), named("x"));
            ledger.constructed(p);
            ledger.workerStarting(p, new Thread("pool-" + letters(i) + "-worker"));
        }
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1);
        pools.add(s);
        ledger.constructed(s);
        List<ExecutorSeries> all = ledger.series();
        assertEquals(ExecutorLedger.MAX_SERIES + 2, all.size(), "50 named, then one other per type");
        ExecutorSeries other = all.get(all.size() - 2);
        assertEquals(ExecutorLedger.OTHER, other.name());
        assertEquals(ExecutorLedger.TYPE_THREAD_POOL, other.type());
        assertEquals(70, other.executors());
        assertEquals(70, other.core());
        ExecutorSeries otherScheduled = all.get(all.size() - 1);
        assertEquals(ExecutorLedger.OTHER, otherScheduled.name());
        assertEquals(ExecutorLedger.TYPE_SCHEDULED, otherScheduled.type());
        assertEquals(1, otherScheduled.executors());
        assertEquals(71, ledger.seriesDropped());
        ledger.series();
        assertEquals(71, ledger.seriesDropped(), "each executor is counted once");
    }

    private static String letters(int i) {
        return "" + (char) ('a' + i / 26) + (char) ('a' + i % 26);
    }

    @Test
    void thousandsOfShortLivedPoolsLeaveNothingBehind() {
        for (int i = 0; i < 5000; i++) {
            ThreadPoolExecutor p = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            ledger.constructed(p);
            p.shutdown();
            ledger.shutdown(p, null);
        }
        assertEquals(0, ledger.trackedCount());
        assertEquals(List.of(), ledger.series());
    }

    @Test
    void hostileSubclassesAreKeyedByIdentityAndTheirFailuresCounted() {
        long errors = WeftBridge.internalErrors();
        ThreadPoolExecutor p = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>()) {
            @Override
            public int hashCode() {
                throw new IllegalStateException("no hashCode");
            }

            @Override
            public boolean equals(Object o) {
                throw new IllegalStateException("no equals");
            }

            @Override
            public int getActiveCount() {
                throw new IllegalStateException("no active count");
            }
        };
        pools.add(p);
        ExecutorLedger strict = new ExecutorLedger(getClass().getClassLoader());
        strict.constructed(p); // the factory is the JDK's default: not the agent's
        assertTrue(strict.isTracked(p));
        assertEquals(1, strict.series().size(), "a getter that throws leaves the values out, not the scrape");
        assertEquals(0, strict.series().get(0).executors());
        assertTrue(WeftBridge.internalErrors() > errors);
    }

    @Test
    void theAgentsOwnPoolsAreTrackedButNotExported() throws Exception {
        ExecutorLedger own = new ExecutorLedger(getClass().getClassLoader());
        ThreadPoolExecutor byLoader = pool(1, 1, new LinkedBlockingQueue<>(), named("app-"));
        own.constructed(byLoader); // this test's factory: defined by the "agent's" loader here
        assertTrue(own.isTracked(byLoader));
        assertNull(own.nameOf(byLoader));

        ThreadPoolExecutor byName = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        pools.add(byName);
        ledger.constructed(byName);
        ledger.workerStarting(byName, new Thread("weft-http-1"));
        assertNull(ledger.nameOf(byName));
        assertEquals(List.of(), ledger.series());
        assertEquals(List.of(), own.series());
    }

    @Test
    void theWholePerTaskRecordingPathAllocatesNothing() {
        ThreadPoolExecutor p = pool(1, 1, new LinkedBlockingQueue<>(), named("alloc-"));
        for (int i = 0; i < 20; i++) { // neighbours in the table
            ledger.constructed(pool(1, 1, new LinkedBlockingQueue<>(), named("n-")));
        }
        ledger.constructed(p);
        Object worker = new Object();
        Runnable[] tasks = new Runnable[64];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = () -> { };
        }
        WeftExecutorBridge.setHooks(ledger);
        try {
            WeftExecutorBridge.workerCreated(p, worker, null);
            WeftExecutorBridge.workerStarting(p, worker); // runWorker: links this thread to the worker
            ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 200_000; i++) { // warm-up: JIT, LongAdder cells, the series' recorders
                oneTask(p, worker, tasks[i & 63]);
            }
            // The smallest of a few rounds: a round can catch a one-off allocation that is not the
            // hooks' (a deoptimisation); an allocation per task would show in every round as at
            // least 100 000 x 16 bytes.
            long least = Long.MAX_VALUE;
            for (int round = 0; round < 5 && least > 0; round++) {
                long before = bean.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 100_000; i++) {
                    oneTask(p, worker, tasks[i & 63]);
                }
                least = Math.min(least, bean.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, least, "bytes allocated by 100 000 tasks' hooks (submit, dequeue, start, end)");
        } finally {
            WeftExecutorBridge.setHooks(null);
        }
        // Named after this thread now (the worker's thread names its pool); the neighbours ran nothing.
        ExecutorSeries s = ledger.series().stream().filter(x -> x.run() != null).findFirst().orElseThrow();
        assertTrue(s.run().count() >= 200_000, String.valueOf(s.run().count()));
        assertEquals(s.run().count(), s.queueWait().count());
    }

    @Test
    void aWorkerFoundAtGetTaskRecordsWithoutAllocatingFromThenOn() {
        ThreadPoolExecutor p = pool(1, 1, new LinkedBlockingQueue<>(), named("late-"));
        ledger.constructed(p);
        Object worker = new Object(); // a worker created before the hooks: never announced
        Runnable[] tasks = new Runnable[64];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = () -> { };
        }
        WeftExecutorBridge.setHooks(ledger);
        try {
            ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 200_000; i++) { // the first getTask links this thread; then warm-up
                steadyTask(p, worker, tasks[i & 63]);
            }
            long least = Long.MAX_VALUE;
            for (int round = 0; round < 5 && least > 0; round++) {
                long before = bean.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 100_000; i++) {
                    steadyTask(p, worker, tasks[i & 63]);
                }
                least = Math.min(least, bean.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, least, "bytes allocated by 100 000 tasks' hooks (submit, dequeue, end)");
        } finally {
            WeftExecutorBridge.setHooks(null);
        }
        ExecutorSeries s = ledger.series().stream().filter(x -> x.run() != null).findFirst().orElseThrow();
        assertEquals(s.run().count(), s.queueWait().count());
        assertTrue(s.run().count() >= 200_000, String.valueOf(s.run().count()));
    }

    /** The hooks of every task after a worker's first: the lock hook does not call the bridge then. */
    private static void steadyTask(ThreadPoolExecutor p, Object worker, Runnable task) {
        WeftExecutorBridge.used(p, task, WeftExecutorBridge.HOOK_EXECUTE);
        WeftExecutorBridge.taskDequeued(p, task);
        WeftExecutorBridge.taskEnding(worker, Thread.currentThread());
    }

    @Test
    void workersRecordingAtOnceLoseNoTask() throws Exception {
        ThreadPoolExecutor p = pool(4, 4, new LinkedBlockingQueue<>(), named("many-"));
        ledger.constructed(p);
        int threads = 4;
        int perThread = 50_000;
        List<Thread> ts = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            Object worker = new Object();
            ledger.workerCreated(p, worker, null);
            Thread t = new Thread(() -> {
                ledger.workerStarting(p, Thread.currentThread(), worker);
                Runnable[] tasks = new Runnable[64];
                for (int i = 0; i < tasks.length; i++) {
                    tasks[i] = () -> { };
                }
                for (int i = 0; i < perThread; i++) {
                    ledger.used(p, tasks[i & 63], true);
                    ledger.taskDequeued(p, tasks[i & 63]);
                    ledger.taskStarting(p, worker);
                    ledger.taskEnding(worker, Thread.currentThread());
                }
            }, "many-" + k);
            ts.add(t);
        }
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join(60_000);
        }
        ExecutorSeries s = ledger.series().get(0);
        assertEquals(threads * perThread, s.run().count(), "every run time, none lost to a race");
        assertEquals(threads * perThread, s.queueWait().count(), "every queue wait");
        assertEquals(threads * perThread, java.util.Arrays.stream(s.run().buckets()).sum());
        assertEquals(threads, ((TaskTimings) timingsOf(p)).cells(), "one cell per worker");
    }

    private Object timingsOf(ThreadPoolExecutor p) throws Exception {
        java.lang.reflect.Field table = ExecutorLedger.class.getDeclaredField("table");
        table.setAccessible(true);
        @SuppressWarnings("unchecked")
        WeakIdentityTable<ExecutorRecord> t = (WeakIdentityTable<ExecutorRecord>) table.get(ledger);
        return t.find(p).timings;
    }

    /** Every per-task hook (the lock hook, which the advice calls before a worker's first task only, too). */
    private static void oneTask(ThreadPoolExecutor p, Object worker, Runnable task) {
        WeftExecutorBridge.used(p, task, WeftExecutorBridge.HOOK_EXECUTE);
        WeftExecutorBridge.taskDequeued(p, task);
        WeftExecutorBridge.taskStarting(p, worker);
        WeftExecutorBridge.taskEnding(worker, Thread.currentThread());
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void queueWaitFromSubmitToDequeueAndRunFromLockToUnlock() {
        ThreadPoolExecutor p = pool(1, 1, new LinkedBlockingQueue<>(), named("timed-"));
        ledger.constructed(p);
        Object worker = new Object();
        Runnable queued = () -> { };
        Runnable first = () -> { };
        ledger.used(p, first, true);
        ledger.workerCreated(p, worker, first); // the first task goes straight to the new worker
        ledger.taskEnding(worker, Thread.currentThread()); // runWorker's unlock before the first task: nothing
        spin(2_000_000);
        ledger.taskStarting(p, worker);
        spin(3_000_000);
        ledger.taskEnding(worker, Thread.currentThread());
        ledger.used(p, queued, true);
        spin(4_000_000);
        ledger.taskDequeued(p, queued);
        ledger.taskStarting(p, worker);
        spin(1_000_000);
        Thread workerThread = Thread.currentThread();
        Thread other = new Thread(() -> ledger.taskEnding(worker, workerThread)); // interruptIdleWorkers from elsewhere
        other.start();
        assertDoesNotThrow(() -> other.join());
        ledger.taskEnding(worker, Thread.currentThread());
        ledger.taskDequeued(p, queued); // taken once only

        ExecutorSeries s = ledger.series().get(0);
        assertEquals(2, s.queueWait().count());
        assertEquals(2, s.run().count());
        assertTrue(s.queueWait().sumSeconds() >= 0.006 * 0.99, String.valueOf(s.queueWait().sumSeconds()));
        assertTrue(s.run().sumSeconds() >= 0.004 * 0.99, String.valueOf(s.run().sumSeconds()));
        assertTrue(s.queueWait().maxSeconds() >= 0.004 * 0.99);
        long[] b = s.run().buckets();
        assertEquals(2, java.util.Arrays.stream(b).sum());
        ExecutorSeries again = ledger.series().get(0);
        assertEquals(2, again.run().count(), "cumulative across scrapes");
        assertEquals(s.run().maxSeconds(), again.run().maxSeconds(), "the max lasts a minute or two, not one read");
    }

    @Test
    void scheduledTasksWaitFromWhenTheyAreDue() throws Exception {
        ScheduledThreadPoolExecutor sched = new ScheduledThreadPoolExecutor(1, named("late-"));
        pools.add(sched);
        ledger.constructed(sched);
        var task = (Runnable) sched.schedule(() -> { }, 1, TimeUnit.HOURS);
        ledger.used(sched, task, false);
        ledger.taskDequeued(sched, task); // not due for an hour: waited 0
        ExecutorSeries s = ledger.series().get(0);
        assertEquals(1, s.queueWait().count());
        assertTrue(s.queueWait().sumSeconds() < 0.0001, String.valueOf(s.queueWait().sumSeconds()));
    }

    @Test
    void aTaskSubmittedBeforeTheHooksHasNoQueueWaitButARunTime() {
        ThreadPoolExecutor p = pool(1, 1, new LinkedBlockingQueue<>(), named("unknown-"));
        ledger.constructed(p);
        Object worker = new Object();
        // A worker created before the hooks (never announced, its thread never linked), past its first
        // task: the lock hook does not run for it, getTask links its thread.
        ledger.taskEnding(worker, Thread.currentThread()); // the end of a task that started before the hooks
        ledger.taskDequeued(p, () -> { });
        ledger.taskEnding(worker, Thread.currentThread());
        Runnable queued = () -> { };
        ledger.used(p, queued, true);
        ledger.taskDequeued(p, queued);
        ledger.taskEnding(worker, Thread.currentThread());
        ExecutorSeries s = ledger.series().get(0);
        assertEquals(1, s.queueWait().count());
        assertEquals(2, s.run().count());
    }

    @Test
    void submitTimesOfTasksThatNeverRunAreForgottenByAge() {
        SubmitTimes t = new SubmitTimes();
        Object a = new Object();
        Object b = new Object();
        t.put(a, 1_000);
        t.put(b, 5_000);
        assertEquals(2, t.used());
        assertEquals(1, t.sweep(10_000, 6_000));
        assertEquals(-1, t.take(a));
        assertEquals(5_000, t.take(b));
        assertEquals(-1, t.take(b));
        assertEquals(0, t.used());
        for (int i = 0; i < SubmitTimes.PROBES + 3; i++) {
            t.put(a, i); // the same task submitted many times: its probe window fills up
        }
        assertEquals(3, t.dropped());
    }

    @Test
    void rejectedAndDrainedTasksGiveBackTheirSubmitSlots() {
        ThreadPoolExecutor p = pool(1, 1, new LinkedBlockingQueue<>(), named("drained-"));
        ledger.constructed(p);
        Runnable rejected = () -> { };
        ledger.used(p, rejected, true);
        ledger.rejected(p, rejected);
        assertEquals(0, ledger.pendingSubmits());
        List<Runnable> drained = List.of(() -> { }, () -> { });
        for (Runnable r : drained) {
            ledger.used(p, r, true);
        }
        assertEquals(2, ledger.pendingSubmits());
        p.shutdownNow();
        ledger.shutdown(p, drained);
        assertEquals(0, ledger.pendingSubmits());
        Runnable failed = () -> { };
        ledger.used(pool(1, 1, new LinkedBlockingQueue<>(), named("f-")), failed, true);
        ledger.submitFailed(failed); // execute threw (a thread factory that throws)
        assertEquals(0, ledger.pendingSubmits());
    }

    @Test
    void forkJoinPoolsAndTheCommonPool() throws Exception {
        ForkJoinPool fj = new ForkJoinPool(2);
        try {
            ledger.constructed(pool(1, 1, new LinkedBlockingQueue<>(), named("first-")));
            ledger.forkJoinConstructed(fj);
            ledger.seedCommonPool();
            CountDownLatch started = new CountDownLatch(1);
            fj.execute(() -> {
                ledger.forkJoinWorkerStarting(fj, Thread.currentThread());
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertEquals("ForkJoinPool-#-worker-#", ledger.nameOf(fj));
            ExecutorSeries s = ledger.series().get(1);
            assertEquals(ExecutorLedger.TYPE_FORK_JOIN, s.type());
            assertEquals(fj.getParallelism(), s.core());
            assertEquals(fj.getPoolSize(), s.poolSize());
            assertEquals(-1, s.max(), "a fork-join pool has no maximum");
            assertEquals(-1, s.completed());
            assertEquals(-1, s.rejected());
            ExecutorSeries common = ledger.series().get(2);
            assertEquals("ForkJoinPool.commonPool", common.name());
            assertEquals(ForkJoinPool.commonPool().getParallelism(), common.core());

            ForkJoinPool.commonPool().shutdown(); // ignored by the common pool
            ledger.forkJoinShutdown(ForkJoinPool.commonPool());
            release.countDown();
            fj.shutdown();
            ledger.forkJoinShutdown(fj);
            assertEquals(2, ledger.series().size(), "the pool and the common pool");
            assertEquals("ForkJoinPool.commonPool", ledger.series().get(1).name());
        } finally {
            fj.shutdownNow();
        }
    }
}
