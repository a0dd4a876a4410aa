package dev.weft.testapps.stress;

import static dev.weft.testapps.stress.Stress.check;

import dev.weft.testapps.stress.Stress.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Condition signalling: producers and consumers over small bounded buffers (a {@code Condition}
 * pair, {@code Object.wait/notifyAll}, the JDK's blocking queues) deliver every item exactly once, and
 * barriers and latches release every waiter. A lost wake-up shows as a missed deadline.
 */
public final class SignalScenarios {

    static final int PRODUCERS = 2;
    static final int CONSUMERS = 2;
    static final int ITEMS_PER_PRODUCER = 10_000;
    /** Every put of a synchronous queue is a hand-off between two parked threads: fewer items. */
    static final int HANDOFF_ITEMS_PER_PRODUCER = 3_000;
    static final int CAPACITY = 4;
    private static final int POISON = -1;

    private SignalScenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
                new Scenario("signal", "condition_buffer",
                        () -> deliver(new ConditionBuffer(CAPACITY), ITEMS_PER_PRODUCER)),
                new Scenario("signal", "monitor_buffer", () -> deliver(new MonitorBuffer(CAPACITY), ITEMS_PER_PRODUCER)),
                new Scenario("signal", "array_blocking_queue",
                        () -> deliver(of(new ArrayBlockingQueue<>(CAPACITY)), ITEMS_PER_PRODUCER)),
                new Scenario("signal", "linked_blocking_queue",
                        () -> deliver(of(new LinkedBlockingQueue<>(CAPACITY)), ITEMS_PER_PRODUCER)),
                new Scenario("signal", "synchronous_queue",
                        () -> deliver(of(new SynchronousQueue<>()), HANDOFF_ITEMS_PER_PRODUCER)),
                new Scenario("signal", "cyclic_barrier", SignalScenarios::barrier),
                new Scenario("signal", "count_down_latch", SignalScenarios::latch));
    }

    /** A bounded buffer of ints. */
    interface Buffer {
        void put(int item) throws InterruptedException;

        int take() throws InterruptedException;
    }

    /** Each producer puts its own ids; consumers record each id they take; every id must be seen once. */
    private static String deliver(Buffer buffer, int perProducer) throws Exception {
        int total = PRODUCERS * perProducer;
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> producers = new ArrayList<>();
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            Thread t = new Thread(() -> {
                try {
                    for (int item; (item = buffer.take()) != POISON; ) {
                        seen.incrementAndGet(item);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "stress-consumer-" + c);
            Stress.start(t);
            consumers.add(t);
        }
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * perProducer;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < perProducer; i++) {
                        buffer.put(base + i);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "stress-producer-" + p);
            Stress.start(t);
            producers.add(t);
        }
        for (Thread t : producers) {
            t.join();
        }
        for (int c = 0; c < CONSUMERS; c++) {
            buffer.put(POISON);
        }
        for (Thread t : consumers) {
            t.join();
        }
        Stress.rethrow(failure.get());
        int missing = 0;
        int duplicated = 0;
        for (int i = 0; i < total; i++) {
            int n = seen.get(i);
            if (n == 0) {
                missing++;
            } else if (n > 1) {
                duplicated++;
            }
        }
        check(missing == 0 && duplicated == 0, "missing=" + missing + " duplicated=" + duplicated);
        return "items=" + total + " exactly_once";
    }

    /** A {@code ReentrantLock} with a not-full and a not-empty {@code Condition}, each signalled once. */
    static final class ConditionBuffer implements Buffer {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition notFull = lock.newCondition();
        private final Condition notEmpty = lock.newCondition();
        private final int[] items;
        private int head;
        private int count;

        ConditionBuffer(int capacity) {
            items = new int[capacity];
        }

        @Override
        public void put(int item) throws InterruptedException {
            lock.lock();
            try {
                while (count == items.length) {
                    notFull.await();
                }
                items[(head + count) % items.length] = item;
                count++;
                notEmpty.signal();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int take() throws InterruptedException {
            lock.lock();
            try {
                while (count == 0) {
                    notEmpty.await();
                }
                int item = items[head];
                head = (head + 1) % items.length;
                count--;
                notFull.signal();
                return item;
            } finally {
                lock.unlock();
            }
        }
    }

    /** The same with {@code synchronized}, {@code wait} and {@code notifyAll}. */
    static final class MonitorBuffer implements Buffer {
        private final int[] items;
        private int head;
        private int count;

        MonitorBuffer(int capacity) {
            items = new int[capacity];
        }

        @Override
        public synchronized void put(int item) throws InterruptedException {
            while (count == items.length) {
                wait();
            }
            items[(head + count) % items.length] = item;
            count++;
            notifyAll();
        }

        @Override
        public synchronized int take() throws InterruptedException {
            while (count == 0) {
                wait();
            }
            int item = items[head];
            head = (head + 1) % items.length;
            count--;
            notifyAll();
            return item;
        }
    }

    private static Buffer of(BlockingQueue<Integer> q) {
        return new Buffer() {
            @Override
            public void put(int item) throws InterruptedException {
                q.put(item);
            }

            @Override
            public int take() throws InterruptedException {
                return q.take();
            }
        };
    }

    /** {@code THREADS} parties through a {@code CyclicBarrier} (a ReentrantLock condition) many times. */
    private static String barrier() throws Exception {
        int rounds = 2_000;
        AtomicInteger trips = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(Stress.THREADS, trips::incrementAndGet);
        Stress.hammer(Stress.THREADS, rounds, barrier::await);
        check(trips.get() == rounds && !barrier.isBroken(), "trips=" + trips.get() + " broken=" + barrier.isBroken());
        return "parties=" + Stress.THREADS + " trips=" + trips.get();
    }

    /** Waiters on a fresh {@code CountDownLatch} each round, all released by one count-down. */
    private static String latch() throws Exception {
        int rounds = 300;
        int waiters = 3;
        AtomicInteger passed = new AtomicInteger();
        for (int r = 0; r < rounds; r++) {
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch waiting = new CountDownLatch(waiters);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < waiters; w++) {
                Thread t = new Thread(() -> {
                    waiting.countDown();
                    try {
                        gate.await();
                        passed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "stress-latch-" + w);
                Stress.start(t);
                threads.add(t);
            }
            waiting.await();
            gate.countDown();
            for (Thread t : threads) {
                t.join();
            }
        }
        check(passed.get() == rounds * waiters, "passed=" + passed.get() + " expected=" + rounds * waiters);
        return "rounds=" + rounds + " passed=" + passed.get();
    }
}
