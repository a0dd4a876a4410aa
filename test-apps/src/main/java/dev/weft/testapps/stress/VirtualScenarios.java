package dev.weft.testapps.stress;

import static dev.weft.testapps.stress.Stress.check;

import dev.weft.testapps.stress.Stress.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual threads (JDK 21+; on older JDKs one {@code virtual all skipped} line): many virtual threads
 * contending on a {@code ReentrantLock} and a monitor, sleeping and parking, through the agent's
 * virtual-thread start/end hooks and the AQS slow path; every one completes.
 * Compiled for JDK 17, so the virtual-thread API is reached through reflection.
 */
public final class VirtualScenarios {

    static final int THREADS = 1_000;
    static final int ITERATIONS = 50;
    static final int TASKS = 3_000;

    private VirtualScenarios() {
    }

    public static List<Scenario> all() {
        if (Runtime.version().feature() < 21) {
            return List.of(new Scenario("virtual", "all", () -> "skipped jdk<21"));
        }
        return List.of(
                new Scenario("virtual", "reentrant_lock", () -> contend(true)),
                new Scenario("virtual", "synchronized", () -> contend(false)),
                new Scenario("virtual", "per_task_executor", VirtualScenarios::perTask));
    }

    private static ThreadFactory virtualFactory() throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
    }

    /**
     * {@link #THREADS} virtual threads, each incrementing a shared counter {@link #ITERATIONS} times under
     * the lock, sleeping every 10th time and parking briefly every 5th (both unmount the thread).
     */
    private static String contend(boolean reentrantLock) throws Exception {
        ThreadFactory factory = virtualFactory();
        ReentrantLock lock = new ReentrantLock();
        Stress.Counter counter = new Stress.Counter();
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>(THREADS);
        for (int i = 0; i < THREADS; i++) {
            Thread t = factory.newThread(() -> {
                try {
                    go.await();
                    for (int n = 0; n < ITERATIONS; n++) {
                        if (reentrantLock) {
                            lock.lock();
                            try {
                                counter.increment();
                            } finally {
                                lock.unlock();
                            }
                        } else {
                            synchronized (counter) {
                                counter.increment();
                            }
                        }
                        if (n % 10 == 0) {
                            Thread.sleep(1);
                        } else if (n % 5 == 0) {
                            LockSupport.parkNanos(10_000);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        Stress.rethrow(failure.get());
        long expected = (long) THREADS * ITERATIONS;
        long value;
        synchronized (counter) {
            value = counter.value;
        }
        check(value == expected, "count=" + value + " expected=" + expected);
        return "threads=" + THREADS + " count=" + value;
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}: every task's future completes with its value. */
    private static String perTask() throws Exception {
        ExecutorService pool = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        long sum = 0;
        try {
            List<Future<Integer>> futures = new ArrayList<>(TASKS);
            for (int i = 0; i < TASKS; i++) {
                int v = i;
                futures.add(pool.submit(() -> {
                    Thread.sleep(1);
                    return v;
                }));
            }
            for (Future<Integer> f : futures) {
                sum += f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        check(pool.awaitTermination(10, TimeUnit.SECONDS), "executor never terminated");
        long expected = (long) TASKS * (TASKS - 1) / 2;
        check(sum == expected, "sum=" + sum + " expected=" + expected);
        return "tasks=" + TASKS + " sum=" + sum;
    }
}
