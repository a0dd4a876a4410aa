package dev.weft.testapps.stress;

import static dev.weft.testapps.stress.Stress.check;

import dev.weft.testapps.stress.Stress.Scenario;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Predicate;

/**
 * Interrupts and timeouts during contended acquisition, where the agent's slow-path advice runs:
 * an interrupted waiter gets {@code InterruptedException}, does not hold the lock and leaves the queue;
 * a timed attempt on a held lock fails after no less than its timeout.
 */
public final class InterruptScenarios {

    static final int ROUNDS = 20;
    static final int TIMED_ROUNDS = 5;
    static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private InterruptScenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
                new Scenario("interrupt", "lock_interruptibly", InterruptScenarios::lockInterruptibly),
                new Scenario("interrupt", "rw_write_interruptibly", InterruptScenarios::rwInterruptibly),
                new Scenario("interrupt", "stamped_write_interruptibly", InterruptScenarios::stampedInterruptibly),
                new Scenario("interrupt", "semaphore_acquire", InterruptScenarios::semaphore),
                new Scenario("interrupt", "condition_await", InterruptScenarios::conditionAwait),
                new Scenario("interrupt", "object_wait", InterruptScenarios::objectWait),
                new Scenario("timeout", "try_lock", InterruptScenarios::tryLock),
                new Scenario("timeout", "rw_try_write", InterruptScenarios::rwTryWrite),
                new Scenario("timeout", "rw_try_read", InterruptScenarios::rwTryRead),
                new Scenario("timeout", "stamped_try_write", () -> stampedTry(true)),
                new Scenario("timeout", "stamped_try_read", () -> stampedTry(false)),
                new Scenario("timeout", "semaphore_try_acquire", InterruptScenarios::semaphoreTry),
                new Scenario("timeout", "condition_await_nanos", InterruptScenarios::conditionAwaitNanos));
    }

    /**
     * Starts a thread running {@code body}, waits until {@code waiting} says it is blocked, interrupts it
     * and joins it.
     *
     * @return what the body returned, or {@code threw <e>}
     */
    private static String interruptWhileWaiting(Callable<String> body, Predicate<Thread> waiting) throws Exception {
        AtomicReference<String> out = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                out.set(body.call());
            } catch (Throwable e) {
                out.set("threw " + e);
            }
        }, "stress-interrupted");
        Stress.start(t);
        Stress.awaitTrue(() -> waiting.test(t), "blocked");
        t.interrupt();
        t.join();
        return out.get();
    }

    /** What a waiter's catch block found: interrupted status must be cleared by the exception. */
    private static String caught(boolean stillHolds) {
        if (stillHolds) {
            return "held after interrupt";
        }
        return Thread.currentThread().isInterrupted() ? "interrupt status still set" : "interrupted";
    }

    private static String lockInterruptibly() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        for (int r = 0; r < ROUNDS; r++) {
            lock.lock();
            try {
                String out = interruptWhileWaiting(() -> {
                    try {
                        lock.lockInterruptibly();
                        lock.unlock();
                        return "acquired";
                    } catch (InterruptedException e) {
                        return caught(lock.isHeldByCurrentThread());
                    }
                }, lock::hasQueuedThread);
                check(out.equals("interrupted"), "round " + r + ": " + out);
                check(lock.getQueueLength() == 0, "round " + r + ": queue length " + lock.getQueueLength());
            } finally {
                lock.unlock();
            }
            check(!lock.isLocked(), "round " + r + ": still locked");
        }
        return "rounds=" + ROUNDS;
    }

    private static String rwInterruptibly() throws Exception {
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        for (int r = 0; r < ROUNDS; r++) {
            rw.readLock().lock(); // a reader in: the writer must queue
            try {
                String out = interruptWhileWaiting(() -> {
                    try {
                        rw.writeLock().lockInterruptibly();
                        rw.writeLock().unlock();
                        return "acquired";
                    } catch (InterruptedException e) {
                        return caught(rw.isWriteLockedByCurrentThread());
                    }
                }, rw::hasQueuedThread);
                check(out.equals("interrupted"), "round " + r + ": " + out);
                check(rw.getQueueLength() == 0, "round " + r + ": queue length " + rw.getQueueLength());
            } finally {
                rw.readLock().unlock();
            }
            check(!rw.isWriteLocked() && rw.getReadLockCount() == 0, "round " + r + ": still locked");
        }
        return "rounds=" + ROUNDS;
    }

    private static String stampedInterruptibly() throws Exception {
        StampedLock sl = new StampedLock();
        for (int r = 0; r < ROUNDS; r++) {
            long stamp = sl.writeLock();
            try {
                String out = interruptWhileWaiting(() -> {
                    try {
                        sl.unlockWrite(sl.writeLockInterruptibly());
                        return "acquired";
                    } catch (InterruptedException e) {
                        return caught(false);
                    }
                }, t -> t.getState() == Thread.State.WAITING);
                check(out.equals("interrupted"), "round " + r + ": " + out);
            } finally {
                sl.unlockWrite(stamp);
            }
            check(!sl.isWriteLocked() && !sl.isReadLocked(), "round " + r + ": still locked");
            long again = sl.tryWriteLock(); // the cancelled waiter left nothing behind
            check(again != 0, "round " + r + ": lock not free after the interrupted waiter");
            sl.unlockWrite(again);
        }
        return "rounds=" + ROUNDS;
    }

    private static String semaphore() throws Exception {
        Semaphore s = new Semaphore(0);
        for (int r = 0; r < ROUNDS; r++) {
            String out = interruptWhileWaiting(() -> {
                try {
                    s.acquire();
                    s.release();
                    return "acquired";
                } catch (InterruptedException e) {
                    return caught(false);
                }
            }, t -> s.hasQueuedThreads());
            check(out.equals("interrupted"), "round " + r + ": " + out);
            check(s.availablePermits() == 0 && !s.hasQueuedThreads(),
                    "round " + r + ": permits " + s.availablePermits() + " queued " + s.getQueueLength());
        }
        return "rounds=" + ROUNDS;
    }

    /** An interrupted {@code await} re-acquires the lock before it throws. */
    private static String conditionAwait() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Condition never = lock.newCondition();
        for (int r = 0; r < ROUNDS; r++) {
            String out = interruptWhileWaiting(() -> {
                lock.lock();
                try {
                    while (true) {
                        never.await();
                    }
                } catch (InterruptedException e) {
                    boolean held = lock.isHeldByCurrentThread();
                    return held ? (Thread.currentThread().isInterrupted() ? "interrupt status still set" : "interrupted")
                            : "lock not re-acquired";
                } finally {
                    if (lock.isHeldByCurrentThread()) {
                        lock.unlock();
                    }
                }
            }, t -> {
                lock.lock();
                try {
                    return lock.hasWaiters(never);
                } finally {
                    lock.unlock();
                }
            });
            check(out.equals("interrupted"), "round " + r + ": " + out);
            check(!lock.isLocked(), "round " + r + ": still locked");
        }
        return "rounds=" + ROUNDS;
    }

    /** An interrupted {@code Object.wait} re-enters the monitor before it throws. */
    private static String objectWait() throws Exception {
        Object monitor = new Object();
        for (int r = 0; r < ROUNDS; r++) {
            String out = interruptWhileWaiting(() -> {
                synchronized (monitor) {
                    try {
                        while (true) {
                            monitor.wait();
                        }
                    } catch (InterruptedException e) {
                        return Thread.holdsLock(monitor)
                                ? (Thread.currentThread().isInterrupted() ? "interrupt status still set" : "interrupted")
                                : "monitor not re-entered";
                    }
                }
            }, t -> t.getState() == Thread.State.WAITING);
            check(out.equals("interrupted"), "round " + r + ": " + out);
        }
        return "rounds=" + ROUNDS;
    }

    /** A timed attempt, run on another thread. @return whether it acquired */
    interface Attempt {
        boolean attempt(long nanos) throws Exception;
    }

    /**
     * Runs {@code attempt} on another thread while the caller holds the resource: it must fail, after at
     * least the timeout (the JDK computes its deadline from {@code System.nanoTime()} at entry, and the
     * span measured here encloses the call).
     */
    private static String timed(Attempt attempt) throws Exception {
        for (int r = 0; r < TIMED_ROUNDS; r++) {
            AtomicReference<String> out = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    long start = System.nanoTime();
                    boolean acquired = attempt.attempt(TIMEOUT_NANOS);
                    long elapsed = System.nanoTime() - start;
                    out.set(acquired ? "acquired a held lock"
                            : elapsed < TIMEOUT_NANOS ? "gave up after " + elapsed + " ns < " + TIMEOUT_NANOS : "timed out");
                } catch (Throwable e) {
                    out.set("threw " + e);
                }
            }, "stress-timed");
            Stress.start(t);
            t.join();
            check(out.get().equals("timed out"), "round " + r + ": " + out.get());
        }
        return "rounds=" + TIMED_ROUNDS + " timeout_ms=" + TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NANOS);
    }

    private static String tryLock() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        try {
            return timed(n -> lock.tryLock(n, TimeUnit.NANOSECONDS));
        } finally {
            lock.unlock();
        }
    }

    private static String rwTryWrite() throws Exception {
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        rw.readLock().lock();
        try {
            return timed(n -> rw.writeLock().tryLock(n, TimeUnit.NANOSECONDS));
        } finally {
            rw.readLock().unlock();
        }
    }

    private static String rwTryRead() throws Exception {
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        rw.writeLock().lock();
        try {
            return timed(n -> rw.readLock().tryLock(n, TimeUnit.NANOSECONDS));
        } finally {
            rw.writeLock().unlock();
        }
    }

    private static String stampedTry(boolean write) throws Exception {
        StampedLock sl = new StampedLock();
        long stamp = sl.writeLock();
        try {
            return timed(n -> (write ? sl.tryWriteLock(n, TimeUnit.NANOSECONDS)
                    : sl.tryReadLock(n, TimeUnit.NANOSECONDS)) != 0L);
        } finally {
            sl.unlockWrite(stamp);
        }
    }

    private static String semaphoreTry() throws Exception {
        Semaphore s = new Semaphore(0);
        return timed(n -> s.tryAcquire(n, TimeUnit.NANOSECONDS));
    }

    /** Nobody signals: {@code awaitNanos} returns a non-positive remainder after at least the timeout. */
    private static String conditionAwaitNanos() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Condition never = lock.newCondition();
        return timed(n -> {
            lock.lock();
            try {
                long left = n;
                while (left > 0) { // a spurious wake-up returns early with time left: wait again
                    left = never.awaitNanos(left);
                }
                return !lock.isHeldByCurrentThread(); // "acquired" here means: the lock was not re-acquired
            } finally {
                if (lock.isHeldByCurrentThread()) {
                    lock.unlock();
                }
            }
        });
    }
}
