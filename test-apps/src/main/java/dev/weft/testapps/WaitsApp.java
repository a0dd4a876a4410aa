package dev.weft.testapps;

import dev.weft.testapps.bench.LockSlowPathBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;

/**
 * Where threads wait, with the application's own measurement of it. Prints {@code ready}, then
 * answers {@link Control} commands plus:
 * <ul>
 *   <li>{@code lock <threads> <iterations> <holdMicros> [<slowMicros>]} — that many threads contend
 *       for one {@code ReentrantLock}, each acquisition holding it for {@code holdMicros}; every
 *       thread measures each acquisition from before {@code lock()} to after it returned. Prints
 *       {@code lock waitNanos=<sum> acquisitions=<n> slow=<n> slowWaitNanos=<sum>}, the last two over
 *       the acquisitions that waited at least {@code slowMicros}.</li>
 *   <li>{@code stamped <threads> <iterations> <holdMicros>} — the same with a {@code StampedLock}
 *       write lock; prints {@code stamped waitNanos=<sum>}.</li>
 *   <li>{@code waits <n> <millis> <thresholdMillis>} — on the command thread, {@code n} times each
 *       an {@code Object.wait}, a {@code Condition.awaitNanos}, a bare {@code LockSupport.parkNanos}
 *       and a {@code Thread.sleep} of {@code millis}; prints {@code waits object_wait=<ns>
 *       condition_await=<ns> park=<ns> sleep=<ns>}, each the sum over the calls of at least the
 *       threshold.</li>
 *   <li>{@code uncontended <n>} — {@code n} uncontended {@code lock()/unlock()} on this thread;
 *       prints {@code uncontended before=<c> after=<c>}, the agent's AQS slow-path hook count
 *       ({@code java.lang.WeftLockBridge.hookCalls(0)}, -1 without the agent) around them.</li>
 *   <li>{@code slowpath <n>} — {@link LockSlowPathBench}'s operation {@code n} times (another thread
 *       holds a {@code ReentrantLock}; {@code tryLock(1 ns)} times out in the AQS slow path); prints
 *       {@code slowpath calls=<n> acquired=<k>}.</li>
 *   <li>{@code monitor <threads> <iterations> <holdMillis> <thresholdMillis>} — the same with a
 *       {@code synchronized} block; prints {@code monitor waitNanos=<sum> counted=<n>} over the
 *       acquisitions that waited at least the threshold.</li>
 *   <li>{@code gc <full> <youngMegabytes>} — allocates that much short-lived garbage (young
 *       collections) and calls {@code System.gc()} {@code full} times; prints {@code gc done}.</li>
 * </ul>
 */
public final class WaitsApp {

    private static volatile Object sink;

    private WaitsApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        Control.serve(WaitsApp::handle);
    }

    private static boolean handle(String line) {
        String[] p = line.split(" ");
        try {
            switch (p[0]) {
                case "lock":
                    lock(Integer.parseInt(p[1]), Integer.parseInt(p[2]), Long.parseLong(p[3]),
                            p.length > 4 ? Long.parseLong(p[4]) : Long.MAX_VALUE);
                    return true;
                case "stamped":
                    stamped(Integer.parseInt(p[1]), Integer.parseInt(p[2]), Long.parseLong(p[3]));
                    return true;
                case "waits":
                    waits(Integer.parseInt(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]));
                    return true;
                case "edge":
                    edge();
                    return true;
                case "slowpath":
                    slowPath(Long.parseLong(p[1]));
                    return true;
                case "uncontended":
                    uncontended(Long.parseLong(p[1]));
                    return true;
                case "monitor":
                    monitor(Integer.parseInt(p[1]), Integer.parseInt(p[2]), Long.parseLong(p[3]),
                            Long.parseLong(p[4]));
                    return true;
                case "gc":
                    gc(Integer.parseInt(p[1]), Integer.parseInt(p[2]));
                    return true;
                default:
                    return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.out.println("interrupted");
            return true;
        }
    }

    private static void lock(int threads, int iterations, long holdMicros, long slowMicros)
            throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        AtomicLong wait = new AtomicLong();
        AtomicLong acquisitions = new AtomicLong();
        AtomicLong slow = new AtomicLong();
        AtomicLong slowWait = new AtomicLong();
        long slowNanos = slowMicros == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.MICROSECONDS.toNanos(slowMicros);
        run(threads, () -> {
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                lock.lock();
                long t1 = System.nanoTime();
                try {
                    wait.addAndGet(t1 - t0);
                    acquisitions.incrementAndGet();
                    if (t1 - t0 >= slowNanos) {
                        slow.incrementAndGet();
                        slowWait.addAndGet(t1 - t0);
                    }
                    hold(TimeUnit.MICROSECONDS.toNanos(holdMicros));
                } finally {
                    lock.unlock();
                }
            }
        });
        System.out.println("lock waitNanos=" + wait.get() + " acquisitions=" + acquisitions.get()
                + " slow=" + slow.get() + " slowWaitNanos=" + slowWait.get());
    }

    private static void stamped(int threads, int iterations, long holdMicros) throws InterruptedException {
        StampedLock lock = new StampedLock();
        AtomicLong wait = new AtomicLong();
        run(threads, () -> {
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                long stamp = lock.writeLock();
                long t1 = System.nanoTime();
                try {
                    wait.addAndGet(t1 - t0);
                    hold(TimeUnit.MICROSECONDS.toNanos(holdMicros));
                } finally {
                    lock.unlockWrite(stamp);
                }
            }
        });
        System.out.println("stamped waitNanos=" + wait.get());
    }

    private static void monitor(int threads, int iterations, long holdMillis, long thresholdMillis)
            throws InterruptedException {
        Object monitor = new Object();
        AtomicLong wait = new AtomicLong();
        AtomicLong counted = new AtomicLong();
        long threshold = TimeUnit.MILLISECONDS.toNanos(thresholdMillis);
        run(threads, () -> {
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                synchronized (monitor) {
                    long waited = System.nanoTime() - t0;
                    if (waited >= threshold) {
                        wait.addAndGet(waited);
                        counted.incrementAndGet();
                    }
                    hold(TimeUnit.MILLISECONDS.toNanos(holdMillis));
                }
            }
        });
        System.out.println("monitor waitNanos=" + wait.get() + " counted=" + counted.get());
    }

    /** Holds for at least {@code nanos}, parked (a wait that a timer ends, not a spin). */
    private static void hold(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * On this thread, {@code n} times each: {@code Object.wait}, {@code Condition.awaitNanos},
     * {@code LockSupport.parkNanos} without a blocker and {@code Thread.sleep}, each for
     * {@code millis}; sums, per kind, the calls that took at least {@code thresholdMillis}.
     */
    private static void waits(int n, long millis, long thresholdMillis) throws InterruptedException {
        long threshold = TimeUnit.MILLISECONDS.toNanos(thresholdMillis);
        long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        long[] sums = new long[4];
        Object monitor = new Object();
        ReentrantLock lock = new ReentrantLock();
        var condition = lock.newCondition();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            synchronized (monitor) {
                t0 = System.nanoTime();
                monitor.wait(millis);
                sums[0] += atLeast(System.nanoTime() - t0, threshold);
            }
            lock.lock();
            try {
                t0 = System.nanoTime();
                condition.awaitNanos(nanos);
                sums[1] += atLeast(System.nanoTime() - t0, threshold);
            } finally {
                lock.unlock();
            }
            t0 = System.nanoTime();
            LockSupport.parkNanos(nanos);
            sums[2] += atLeast(System.nanoTime() - t0, threshold);
            t0 = System.nanoTime();
            Thread.sleep(millis);
            sums[3] += atLeast(System.nanoTime() - t0, threshold);
        }
        System.out.println("waits object_wait=" + sums[0] + " condition_await=" + sums[1] + " park=" + sums[2]
                + " sleep=" + sums[3]);
    }

    private static long atLeast(long nanos, long threshold) {
        return nanos >= threshold ? nanos : 0;
    }

    /**
     * Odd acquisitions of a lock another thread holds: {@code tryLock()}, {@code tryLock} with a
     * zero, a one-millisecond and a {@code Long.MAX_VALUE} timeout, and a {@code lockInterruptibly()}
     * that is interrupted. Prints {@code edge tryLock=false zero=false timed=false interrupted=true
     * max=true} when each behaved as the JDK specifies.
     */
    private static void edge() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            lock.lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }, "edge-holder");
        holder.start();
        held.await();
        boolean tryLock = lock.tryLock();
        boolean zero = lock.tryLock(0, TimeUnit.NANOSECONDS);
        boolean timed = lock.tryLock(1, TimeUnit.MILLISECONDS);
        boolean[] interrupted = {false};
        Thread victim = new Thread(() -> {
            try {
                lock.lockInterruptibly();
                lock.unlock();
            } catch (InterruptedException e) {
                interrupted[0] = true;
            }
        }, "edge-interrupted");
        victim.start();
        while (!lock.hasQueuedThread(victim)) {
            Thread.onSpinWait();
        }
        victim.interrupt();
        victim.join();
        boolean[] max = {false};
        Thread patient = new Thread(() -> {
            try {
                max[0] = lock.tryLock(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
                if (max[0]) {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "edge-patient");
        patient.start();
        while (!lock.hasQueuedThread(patient)) {
            Thread.onSpinWait();
        }
        release.countDown();
        patient.join();
        holder.join();
        System.out.println("edge tryLock=" + tryLock + " zero=" + zero + " timed=" + timed + " interrupted="
                + interrupted[0] + " max=" + max[0]);
    }

    private static void slowPath(long n) throws InterruptedException {
        LockSlowPathBench bench = new LockSlowPathBench();
        bench.holdTheLock();
        long acquired = 0;
        try {
            for (long i = 0; i < n; i++) {
                if (bench.contendedTryLock()) {
                    acquired++;
                }
            }
        } finally {
            bench.releaseTheLock();
        }
        System.out.println("slowpath calls=" + n + " acquired=" + acquired);
    }

    private static void uncontended(long n) {
        ReentrantLock lock = new ReentrantLock();
        long before = hookCalls();
        for (long i = 0; i < n; i++) {
            lock.lock();
            lock.unlock();
        }
        System.out.println("uncontended before=" + before + " after=" + hookCalls());
    }

    private static long hookCalls() {
        try {
            return (long) Class.forName("java.lang.WeftLockBridge").getMethod("hookCalls", int.class).invoke(null, 0);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }

    private static void gc(int full, int youngMegabytes) {
        for (int mb = 0; mb < youngMegabytes; mb++) {
            for (int k = 0; k < 16; k++) {
                sink = new byte[64 * 1024];
            }
        }
        for (int i = 0; i < full; i++) {
            System.gc();
        }
        sink = null;
        System.out.println("gc done");
    }

    /** Runs {@code body} on {@code threads} platform threads started together; waits for all. */
    private static void run(int threads, Runnable body) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                body.run();
            }, "waiter-" + i);
            t.start();
            all.add(t);
        }
        go.countDown();
        for (Thread t : all) {
            t.join();
        }
    }
}
