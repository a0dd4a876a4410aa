package dev.weft.testapps.stress;

import static dev.weft.testapps.stress.Stress.THREADS;
import static dev.weft.testapps.stress.Stress.check;
import static dev.weft.testapps.stress.Stress.hammer;

import dev.weft.testapps.stress.Stress.Counter;
import dev.weft.testapps.stress.Stress.Scenario;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * Mutual exclusion of every lock kind the agent hooks (the AQS and AQLS slow paths, both
 * {@code StampedLock} slow paths) and of {@code synchronized}: a non-atomic counter incremented under the
 * lock by {@link Stress#THREADS} threads must end at threads × iterations; readers never see a writer's
 * half-done update.
 */
public final class MutexScenarios {

    static final int ITERATIONS = 20_000;
    /** A fair lock hands over on every release (a park and unpark each time): fewer rounds. */
    static final int FAIR_ITERATIONS = 4_000;

    private MutexScenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
                new Scenario("mutex", "reentrant_lock", () -> lock(new ReentrantLock(), ITERATIONS)),
                new Scenario("mutex", "reentrant_lock_fair", () -> lock(new ReentrantLock(true), FAIR_ITERATIONS)),
                new Scenario("mutex", "rw_write", () -> lock(new ReentrantReadWriteLock().writeLock(), ITERATIONS)),
                new Scenario("mutex", "rw_write_fair",
                        () -> lock(new ReentrantReadWriteLock(true).writeLock(), FAIR_ITERATIONS)),
                new Scenario("mutex", "rw_read", MutexScenarios::readWrite),
                new Scenario("mutex", "stamped_write", MutexScenarios::stampedWrite),
                new Scenario("mutex", "stamped_read", () -> stampedRead(false)),
                new Scenario("mutex", "stamped_optimistic", () -> stampedRead(true)),
                new Scenario("mutex", "synchronized", MutexScenarios::monitor),
                new Scenario("mutex", "semaphore", () -> lock(asLock(new Semaphore(1)), ITERATIONS)),
                new Scenario("mutex", "semaphore_permits", MutexScenarios::permits),
                new Scenario("mutex", "aqls_mutex", () -> lock(new LongMutex(), ITERATIONS)));
    }

    private static String lock(Lock lock, int iterations) throws Exception {
        Counter c = new Counter();
        hammer(THREADS, iterations, () -> {
            lock.lock();
            try {
                c.increment();
            } finally {
                lock.unlock();
            }
        });
        long expected = (long) THREADS * iterations;
        check(c.value == expected, "count=" + c.value + " expected=" + expected);
        return "count=" + c.value;
    }

    private static String monitor() throws Exception {
        Counter c = new Counter();
        Object lock = new Object();
        hammer(THREADS, ITERATIONS, () -> {
            synchronized (lock) {
                c.increment();
            }
        });
        long expected = (long) THREADS * ITERATIONS;
        check(c.value == expected, "count=" + c.value + " expected=" + expected);
        return "count=" + c.value;
    }

    /** Two fields a writer changes together; a reader that sees them differ saw a torn update. */
    static final class Pair {
        long a;
        long b;

        void write() {
            a++;
            Thread.onSpinWait();
            b++;
        }
    }

    /** Half the threads write under the write lock, half read under the read lock. */
    private static String readWrite() throws Exception {
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        Pair p = new Pair();
        AtomicLong torn = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        AtomicInteger role = new AtomicInteger();
        hammer(THREADS, ITERATIONS, new Stress.Step() {
            final ThreadLocal<Boolean> writer = ThreadLocal.withInitial(() -> role.getAndIncrement() % 2 == 0);

            @Override
            public void run() {
                if (writer.get()) {
                    rw.writeLock().lock();
                    try {
                        p.write();
                    } finally {
                        rw.writeLock().unlock();
                    }
                } else {
                    rw.readLock().lock();
                    try {
                        if (p.a != p.b) {
                            torn.incrementAndGet();
                        }
                        reads.incrementAndGet();
                    } finally {
                        rw.readLock().unlock();
                    }
                }
            }
        });
        long writes = (long) (THREADS / 2) * ITERATIONS;
        check(torn.get() == 0 && p.a == writes && p.b == writes,
                "torn=" + torn.get() + " a=" + p.a + " b=" + p.b + " expected=" + writes);
        return "writes=" + p.a + " reads=" + reads.get() + " torn=0";
    }

    private static String stampedWrite() throws Exception {
        StampedLock sl = new StampedLock();
        Counter c = new Counter();
        hammer(THREADS, ITERATIONS, () -> {
            long stamp = sl.writeLock();
            try {
                c.increment();
            } finally {
                sl.unlockWrite(stamp);
            }
        });
        long expected = (long) THREADS * ITERATIONS;
        check(c.value == expected, "count=" + c.value + " expected=" + expected);
        return "count=" + c.value;
    }

    /** Writers and readers on a {@code StampedLock}; optimistic readers fall back to the read lock. */
    private static String stampedRead(boolean optimistic) throws Exception {
        StampedLock sl = new StampedLock();
        Pair p = new Pair();
        AtomicLong torn = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        AtomicInteger role = new AtomicInteger();
        hammer(THREADS, ITERATIONS, new Stress.Step() {
            final ThreadLocal<Boolean> writer = ThreadLocal.withInitial(() -> role.getAndIncrement() % 2 == 0);

            @Override
            public void run() {
                if (writer.get()) {
                    long stamp = sl.writeLock();
                    try {
                        p.write();
                    } finally {
                        sl.unlockWrite(stamp);
                    }
                    return;
                }
                long a;
                long b;
                long stamp = optimistic ? sl.tryOptimisticRead() : 0L;
                a = p.a;
                b = p.b;
                if (!optimistic || !sl.validate(stamp)) {
                    stamp = sl.readLock();
                    try {
                        a = p.a;
                        b = p.b;
                    } finally {
                        sl.unlockRead(stamp);
                    }
                }
                if (a != b) {
                    torn.incrementAndGet();
                }
                reads.incrementAndGet();
            }
        });
        long writes = (long) (THREADS / 2) * ITERATIONS;
        check(torn.get() == 0 && p.a == writes && p.b == writes,
                "torn=" + torn.get() + " a=" + p.a + " b=" + p.b + " expected=" + writes);
        return "writes=" + p.a + " reads=" + reads.get() + " torn=0";
    }

    /** A semaphore with 2 permits: never more than 2 holders at once, every acquisition released. */
    private static String permits() throws Exception {
        Semaphore s = new Semaphore(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger over = new AtomicInteger();
        AtomicLong acquisitions = new AtomicLong();
        hammer(THREADS, ITERATIONS, () -> {
            s.acquire();
            try {
                if (inside.incrementAndGet() > 2) {
                    over.incrementAndGet();
                }
                acquisitions.incrementAndGet();
                Thread.onSpinWait();
                inside.decrementAndGet();
            } finally {
                s.release();
            }
        });
        check(over.get() == 0 && s.availablePermits() == 2,
                "over=" + over.get() + " available=" + s.availablePermits());
        return "permits=2 acquisitions=" + acquisitions.get();
    }

    private static Lock asLock(Semaphore s) {
        return new SimpleLock() {
            @Override
            public void lock() {
                s.acquireUninterruptibly();
            }

            @Override
            public void unlock() {
                s.release();
            }
        };
    }

    /** Only lock() and unlock() are used by the scenarios. */
    abstract static class SimpleLock implements Lock {
        @Override
        public void lockInterruptibly() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean tryLock() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean tryLock(long time, java.util.concurrent.TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.concurrent.locks.Condition newCondition() {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * A non-reentrant mutex on {@code AbstractQueuedLongSynchronizer} (no JDK lock uses it, but the agent
     * hooks its slow path too).
     */
    static final class LongMutex extends SimpleLock {
        private final Sync sync = new Sync();

        private static final class Sync extends AbstractQueuedLongSynchronizer {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean tryAcquire(long arg) {
                return compareAndSetState(0, 1);
            }

            @Override
            protected boolean tryRelease(long arg) {
                setState(0);
                return true;
            }
        }

        @Override
        public void lock() {
            sync.acquire(1);
        }

        @Override
        public void unlock() {
            sync.release(1);
        }
    }
}
