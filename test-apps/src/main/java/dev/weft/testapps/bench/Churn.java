package dev.weft.testapps.bench;

import dev.weft.testapps.Control;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link Soak}'s child: endless thread, executor and lock churn at a moderate rate (a fraction of
 * one core), retaining nothing itself, so any growth of the heap is the agent's:
 * <ul>
 *   <li>threads: about 100 short-lived platform threads a second from two creation sites, each
 *       with a new name; on JDK 21+ also about 100 virtual threads a second;</li>
 *   <li>executors: a new uniquely named {@link ThreadPoolExecutor} every second (50 tasks, then shut
 *       down), a new scheduled pool every 5 s, a long-lived pool with a steady stream of tasks, and
 *       {@link CompletableFuture}s on the common pool;</li>
 *   <li>locks: every half second a new {@link ReentrantLock} (with a condition), a new
 *       {@link ReentrantReadWriteLock} and a new monitor, each contended by three threads, some holds
 *       longer than the agent's 20 ms event threshold; {@code Object.wait} and {@code Thread.sleep}.</li>
 * </ul>
 * Prints {@code ready}, then serves the {@link Control} protocol plus {@code heap} →
 * {@code heap used=<bytes after full GCs> metaspace=<bytes>} and {@code stats} → what it has done.
 */
public final class Churn {

    private static final AtomicLong THREADS = new AtomicLong();
    private static final AtomicLong VIRTUAL = new AtomicLong();
    private static final AtomicLong POOLS = new AtomicLong();
    private static final AtomicLong TASKS = new AtomicLong();
    private static final AtomicLong LOCKS = new AtomicLong();
    private static volatile long sink;

    private Churn() {
    }

    public static void main(String[] args) throws Exception {
        ThreadPoolExecutor steady = new ThreadPoolExecutor(4, 4, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        Method startVirtual = virtualStarter();
        loop("churn-threads", 100, () -> threads(startVirtual));
        loop("churn-pools", 1000, Churn::pool);
        loop("churn-scheduled", 5000, Churn::scheduled);
        loop("churn-steady", 100, () -> steady(steady));
        loop("churn-locks", 500, Churn::locks);
        System.out.println("ready virtual=" + (startVirtual != null));
        System.out.flush();
        Control.serve(line -> {
            if (line.equals("heap")) {
                System.out.println("heap used=" + HeapProbe.usedAfterGc() + " metaspace=" + HeapProbe.metaspaceUsed());
                return true;
            }
            if (line.equals("stats")) {
                System.out.println("stats threads=" + THREADS.get() + " virtual=" + VIRTUAL.get() + " pools="
                        + POOLS.get() + " tasks=" + TASKS.get() + " locks=" + LOCKS.get());
                return true;
            }
            return false;
        });
    }

    /** Runs {@code step} every {@code periodMillis} on its own daemon thread; a failing step is printed and the loop goes on. */
    private static void loop(String name, long periodMillis, Step step) {
        Thread t = new Thread(() -> {
            long next = System.nanoTime();
            while (true) {
                try {
                    step.run();
                } catch (Exception e) {
                    System.err.println(name + ": " + e);
                }
                next += TimeUnit.MILLISECONDS.toNanos(periodMillis);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                } else {
                    next = System.nanoTime();
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    interface Step {
        void run() throws Exception;
    }

    /** Ten platform threads from two creation sites (and ten virtual threads on 21+), joined. */
    private static void threads(Method startVirtual) throws Exception {
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ts.add(siteA());
            ts.add(siteB());
            if (startVirtual != null) {
                ts.add((Thread) startVirtual.invoke(null, (Runnable) Churn::work));
                VIRTUAL.incrementAndGet();
            }
        }
        for (Thread t : ts) {
            t.join();
        }
    }

    private static Thread siteA() {
        Thread t = new Thread(Churn::work, "worker-a-" + THREADS.incrementAndGet());
        t.start();
        return t;
    }

    private static Thread siteB() {
        Thread t = new Thread(Churn::work, "worker-b-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A new uniquely named pool, 50 tasks, shut down. */
    private static void pool() throws Exception {
        long n = POOLS.incrementAndGet();
        AtomicLong id = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> new Thread(r, "pool-" + n + "-" + id.incrementAndGet()));
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fs.add(pool.submit(Churn::work));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        TASKS.addAndGet(50);
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** A new scheduled pool with a delayed and a periodic task, shut down after 1 s. */
    private static void scheduled() throws Exception {
        POOLS.incrementAndGet();
        ScheduledExecutorService s = Executors.newScheduledThreadPool(2);
        s.schedule(Churn::work, 10, TimeUnit.MILLISECONDS);
        s.scheduleAtFixedRate(Churn::work, 0, 100, TimeUnit.MILLISECONDS);
        Thread.sleep(1000);
        s.shutdownNow();
        s.awaitTermination(10, TimeUnit.SECONDS);
        TASKS.addAndGet(11);
    }

    /** Twenty tasks to the long-lived pool and two completable futures on the common pool. */
    private static void steady(ThreadPoolExecutor steady) throws Exception {
        CountDownLatch done = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            steady.execute(() -> {
                work();
                done.countDown();
            });
        }
        CompletableFuture.supplyAsync(() -> 1).thenApplyAsync(x -> x + 1).get(10, TimeUnit.SECONDS);
        done.await(10, TimeUnit.SECONDS);
        TASKS.addAndGet(22);
    }

    /** New locks of three kinds, each contended by three threads; one hold of 25 ms each time. */
    private static void locks() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Condition cond = lock.newCondition();
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        Object monitor = new Object();
        LOCKS.addAndGet(3);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int me = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    long hold = me == 0 && i == 0 ? 25 : 0;
                    lock.lock();
                    try {
                        pause(hold);
                        cond.signalAll();
                        if (i == 10) {
                            cond.await(1, TimeUnit.MILLISECONDS);
                        }
                    } catch (InterruptedException e) {
                        return;
                    } finally {
                        lock.unlock();
                    }
                    rw.writeLock().lock();
                    try {
                        pause(hold);
                    } finally {
                        rw.writeLock().unlock();
                    }
                    rw.readLock().lock();
                    rw.readLock().unlock();
                    synchronized (monitor) {
                        pause(hold);
                        if (i == 5) {
                            try {
                                monitor.wait(1);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                }
            }, "locker-" + t);
            th.setDaemon(true);
            ts.add(th);
            th.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        THREADS.addAndGet(3);
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A few microseconds of arithmetic. */
    private static void work() {
        long h = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            h = h * 31 + i;
        }
        sink = h;
    }

    private static Method virtualStarter() {
        try {
            return Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException e) {
            return null; // JDK 17: no virtual threads
        }
    }
}
