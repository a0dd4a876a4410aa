package dev.weft.testapps.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Shared pieces of the stress scenarios run by {@code dev.weft.testapps.StressApp}. */
public final class Stress {

    /** Contending threads per mutual-exclusion scenario: more than the cores of a CI machine. */
    static final int THREADS = 4;

    /** How long a scenario waits for a condition that must become true (far inside the app's deadline). */
    static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final AtomicLong PLATFORM_STARTED = new AtomicLong();

    private Stress() {
    }

    /**
     * One scenario.
     *
     * @param group the first word of its line ({@code mutex}, {@code signal}, ...)
     * @param name  the second word
     * @param body  returns the deterministic figures of the line, or throws {@link Violation}
     */
    public record Scenario(String group, String name, Callable<String> body) {
    }

    /** A broken semantic guarantee; its message goes on the scenario's line. */
    public static final class Violation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Violation(String message) {
            super(message, null, false, false);
        }
    }

    /** Platform threads this program started itself (pool workers not included). */
    public static long platformThreadsStarted() {
        return PLATFORM_STARTED.get();
    }

    /** Starts a platform thread, counting it. */
    public static void start(Thread t) {
        PLATFORM_STARTED.incrementAndGet();
        t.start();
    }

    /** Throws a {@link Violation} unless {@code ok}. */
    static void check(boolean ok, String what) {
        if (!ok) {
            throw new Violation(what);
        }
    }

    /** A value that is not thread-safe on its own: incremented only under the lock being tested. */
    static final class Counter {
        long value;

        void increment() {
            long v = value;
            Thread.onSpinWait(); // widens the read-modify-write window, so a broken lock shows
            value = v + 1;
        }
    }

    /** A body that may throw. */
    interface Step {
        void run() throws Exception;
    }

    /**
     * Runs {@code step} {@code iterations} times on each of {@code threads} platform threads released
     * together, and joins them; rethrows the first failure.
     */
    static void hammer(int threads, int iterations, Step step) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int n = 0; n < iterations; n++) {
                        step.run();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "stress-worker-" + i);
            start(t);
            started.add(t);
        }
        go.countDown();
        for (Thread t : started) {
            t.join();
        }
        rethrow(failure.get());
    }

    static void rethrow(Throwable t) throws Exception {
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /** Polls until {@code condition} holds; a {@link Violation} naming {@code what} after {@link #WAIT_NANOS}. */
    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new Violation("never " + what);
            }
            Thread.sleep(1);
        }
    }
}
