package dev.weft.agent.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.ExecutorState;
import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.InFlightIo;
import dev.weft.instrumentation.ledger.ThreadLedger;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StuckDetectorTest {

    @Test
    void aThreadWaitingOnAFutureIsStuckButIdleWorkersAndSleepersAreNot() throws Exception {
        CompletableFuture<String> never = new CompletableFuture<>();
        LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        Thread stuck = daemon("t-stuck\n\"x\"", () -> never.join());
        Thread idle = daemon("t-idle", () -> {
            try {
                queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread sleeper = daemon("t-sleeper", () -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            awaitWaiting(stuck, idle, sleeper);
            StuckDetector d = new StuckDetector(ManagementFactory.getThreadMXBean(), new ThreadLedger(), 1000, 100);
            List<Findings.Observation> first = d.observe(10_000);
            assertTrue(mine(first).isEmpty(), "nothing before the threshold: " + first);
            List<Findings.Observation> later = mine(d.observe(11_000));
            assertEquals(1, later.size(), later.toString());
            Findings.Observation o = later.get(0);
            assertEquals(stuck.getId() + "@10000", o.key());
            assertTrue(o.summary().startsWith("\"t-stuck\\n\\\"x\\\"\" stuck for 1s at StuckDetectorTest.java:"), o.summary());
            assertTrue(o.summary().contains("waiting for a future that does not complete"), o.summary());
            assertTrue(o.details().stream().noneMatch(l -> l.contains("\n")));
            assertTrue(o.details().stream().anyMatch(l -> l.startsWith("  at java.util.concurrent.CompletableFuture.join(")),
                    o.details().toString());
            // Still reported on the next tick (the same wait), and the idle ones still not.
            List<Findings.Observation> again = mine(d.observe(12_000));
            assertEquals(1, again.size(), again.toString());
            assertEquals(o.key(), again.get(0).key());
            // Found idle once, the waiting worker and the sleeper are not sampled again while in the same
            // wait, however long: only the stuck thread's stack is taken on later ticks.
            assertEquals(1, d.stacksTaken(idle.getId()));
            assertEquals(1, d.stacksTaken(sleeper.getId()));
            assertEquals(1, mine(d.observe(20_000)).size());
            assertEquals(1, mine(d.observe(40_000)).size());
            assertEquals(1, d.stacksTaken(idle.getId()), "the idle worker's stack, taken once in this wait");
            assertEquals(1, d.stacksTaken(sleeper.getId()), "the sleeper's stack, taken once in this wait");
            assertEquals(4, d.stacksTaken(stuck.getId()), "the stuck thread's, at each tick that reports it");
        } finally {
            never.complete("done");
            idle.interrupt();
            sleeper.interrupt();
        }
    }

    @Test
    void aPoolTaskIsJudgedByItsRunTimeAndReportedOnceWithItsPool() throws Exception {
        CompletableFuture<String> never = new CompletableFuture<>();
        Thread worker = daemon("t-pool-worker", () -> never.join());
        try {
            awaitWaiting(worker);
            long started = System.nanoTime() - TimeUnit.SECONDS.toNanos(2); // its task began 2 s ago
            StackTraceElement built = new StackTraceElement("com.example.App", "main", "App.java", 7);
            ExecutorState pool = new ExecutorState(1, "work-#", "thread_pool", "ThreadPoolExecutor@App.java:7",
                    List.of(built), 1, 1, 1, 1, 0, 0, 0, List.of(new ExecutorState.RunningTask(worker, started)));
            StuckDetector d = new StuckDetector(ManagementFactory.getThreadMXBean(), new ThreadLedger(), new InFlightIo(),
                    () -> List.of(pool), 1000, 100);
            // At once (the task is older than the threshold), and never by the wait rule, however long it waits.
            for (long now = 10_000; now <= 13_000; now += 1000) {
                List<Findings.Observation> seen = mine(d.observe(now));
                assertEquals(1, seen.size(), seen.toString());
                Findings.Observation o = seen.get(0);
                assertEquals(worker.getId() + "@task" + started, o.key());
                assertTrue(o.summary().startsWith("\"t-pool-worker\" stuck for 2s at StuckDetectorTest.java:"),
                        o.summary());
                assertTrue(o.summary().contains(" waiting for a future that does not complete ("), o.summary());
                assertTrue(o.summary().endsWith("), in one task of pool \"work-#\" (thread_pool, built at App.java:7)"),
                        o.summary());
                assertTrue(o.details().contains("  at com.example.App.main(App.java:7)"), o.details().toString());
            }
        } finally {
            never.complete("done");
        }
    }

    private static List<Findings.Observation> mine(List<Findings.Observation> all) {
        return all.stream().filter(o -> o.summary().startsWith("\"t-")).toList();
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitWaiting(Thread... ts) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread t : ts) {
            while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
                if (System.nanoTime() > end) {
                    throw new AssertionError(t.getName() + " did not start waiting: " + t.getState());
                }
                Thread.sleep(5); // polling a state change, with a deadline
            }
        }
    }
}
