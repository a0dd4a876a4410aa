package dev.weft.testapps.stress;

import static dev.weft.testapps.stress.Stress.check;

import dev.weft.testapps.stress.Stress.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread start and join under churn, where the agent's {@code Thread.start} and {@code Thread.exit}
 * hooks run on every thread: thousands of short threads all run once and are all joined, and threads
 * that die of an uncaught exception reach their handler.
 */
public final class ThreadScenarios {

    static final int CHURN = 3_000;
    static final int BATCH = 100;
    static final int UNCAUGHT = 200;

    private ThreadScenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
                new Scenario("threads", "churn", ThreadScenarios::churn),
                new Scenario("threads", "uncaught", ThreadScenarios::uncaught),
                new Scenario("threads", "start_twice", ThreadScenarios::startTwice));
    }

    /** {@link #CHURN} threads in batches of {@link #BATCH} live at once, each counting itself under a monitor. */
    private static String churn() throws Exception {
        Stress.Counter counter = new Stress.Counter();
        int joined = 0;
        for (int b = 0; b < CHURN / BATCH; b++) {
            List<Thread> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                Thread t = new Thread(() -> {
                    synchronized (counter) {
                        counter.increment();
                    }
                }, "stress-churn-" + i);
                Stress.start(t);
                batch.add(t);
            }
            for (Thread t : batch) {
                t.join();
                check(t.getState() == Thread.State.TERMINATED, t.getName() + " joined but " + t.getState());
                joined++;
            }
        }
        synchronized (counter) {
            check(counter.value == CHURN && joined == CHURN, "count=" + counter.value + " joined=" + joined);
            return "started=" + CHURN + " joined=" + joined + " count=" + counter.value;
        }
    }

    /** Threads that throw: each reaches its own uncaught-exception handler, once. */
    private static String uncaught() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < UNCAUGHT; i++) {
            Thread t = new Thread(() -> {
                throw new IllegalStateException("planned");
            }, "stress-uncaught-" + i);
            t.setUncaughtExceptionHandler((thread, e) -> {
                if (e instanceof IllegalStateException && "planned".equals(e.getMessage())) {
                    handled.incrementAndGet();
                }
            });
            Stress.start(t);
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        check(handled.get() == UNCAUGHT, "handled=" + handled.get() + " expected=" + UNCAUGHT);
        return "threads=" + UNCAUGHT + " handled=" + handled.get();
    }

    /** A second {@code start()} still throws {@code IllegalThreadStateException}, with the agent's start hook in. */
    private static String startTwice() throws Exception {
        int n = 50;
        int refused = 0;
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> { }, "stress-twice-" + i);
            Stress.start(t);
            try {
                t.start();
            } catch (IllegalThreadStateException expected) {
                refused++;
            }
            t.join();
        }
        check(refused == n, "refused=" + refused + " expected=" + n);
        return "threads=" + n + " second_start_refused=" + refused;
    }
}
