package dev.weft.agent.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.ThreadLedger;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * A real deadlock in this JVM, through {@code lockInterruptibly} so that the test can break it
 * afterwards, with thread names that try to break the report's lines.
 */
class DeadlockDetectorTest {

    private static final String NAME_A = "dl\n  at fake.Frame(Evil.java:1)";
    private static final String NAME_B = "dl \"b\" \\ \u00fc";

    @Test
    void findsTheCycleWithOwnersLinesAndEscapedNames() throws Exception {
        ReentrantLock first = new ReentrantLock();
        ReentrantLock second = new ReentrantLock();
        CountDownLatch holdOne = new CountDownLatch(2);
        Thread a = new Thread(() -> cross(first, second, holdOne), NAME_A);
        Thread b = new Thread(() -> cross(second, first, holdOne), NAME_B);
        a.setDaemon(true);
        b.setDaemon(true);
        a.start();
        b.start();
        Findings findings = new Findings();
        // Counts the calls that take stacks and held locks (a heap walk for the synchronizers).
        ThreadMXBean real = ManagementFactory.getThreadMXBean();
        AtomicInteger dumps = new AtomicInteger();
        ThreadMXBean counting = (ThreadMXBean) Proxy.newProxyInstance(ThreadMXBean.class.getClassLoader(),
                new Class<?>[] {ThreadMXBean.class}, (proxy, m, args) -> {
                    if (m.getName().equals("getThreadInfo") && args != null && args.length == 4) {
                        dumps.incrementAndGet();
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        DeadlockDetector d = new DeadlockDetector(counting, new ThreadLedger(), findings, 100);
        try {
            List<Findings.Observation> obs = List.of();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (obs.isEmpty() && System.nanoTime() < end) {
                obs = d.observe(0);
                if (obs.isEmpty()) {
                    Thread.sleep(10); // polling for the two threads to block, with a deadline
                }
            }
            assertEquals(1, obs.size());
            Findings.Observation o = obs.get(0);
            long lo = Math.min(a.getId(), b.getId());
            long hi = Math.max(a.getId(), b.getId());
            assertEquals(lo + "," + hi, o.key());
            assertTrue(o.summary().startsWith("2 threads in a cycle: "), o.summary());
            assertTrue(o.summary().contains("\"dl\\n  at fake.Frame(Evil.java:1)\" waits at DeadlockDetectorTest.java:"),
                    o.summary());
            assertTrue(o.summary().contains("held by \"dl \\\"b\\\" \\\\ \u00fc\""), o.summary());
            assertTrue(o.location().matches("DeadlockDetectorTest\\.java:\\d+"), o.location());
            assertTrue(o.summary().indexOf('\n') < 0);
            for (String line : o.details()) {
                assertTrue(line.indexOf('\n') < 0 && line.indexOf('\r') < 0, line);
            }
            assertTrue(o.details().stream().anyMatch(l -> l.startsWith("  at dev.weft.agent.monitor.DeadlockDetectorTest.cross(")),
                    o.details().toString());
            assertTrue(o.details().stream().anyMatch(l -> l.startsWith("  holds java.util.concurrent.locks.ReentrantLock$NonfairSync@")),
                    o.details().toString());
            assertEquals(2, findings.deadlocked());
            assertEquals(0, findings.deadlockedMonitor());
            assertTrue(d.searches() >= 1, "the cycle seen without stacks led to the JVM's search");
            // Later runs find the same threads: the same finding, and no second dump of their locks.
            assertEquals(obs, d.observe(1));
            assertEquals(obs, d.observe(2));
            assertEquals(1, dumps.get(), "stacks and locks taken once per deadlock");
        } finally {
            a.interrupt();
            b.interrupt();
            a.join(10_000);
            b.join(10_000);
        }
        assertEquals(List.of(), d.observe(3));
        assertEquals(0, findings.deadlocked());
    }

    @Test
    void threadsWaitingForLocksWithoutACycleCostNoSafepoint() throws Exception {
        Object monitor = new Object();
        ReentrantLock lock = new ReentrantLock();
        Thread m = new Thread(() -> {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }, "dl-monitor-waiter");
        Thread l = new Thread(() -> {
            lock.lock();
            lock.unlock();
        }, "dl-lock-waiter");
        m.setDaemon(true);
        l.setDaemon(true);
        Findings findings = new Findings();
        DeadlockDetector d = new DeadlockDetector(ManagementFactory.getThreadMXBean(), new ThreadLedger(), findings, 100);
        lock.lock();
        try {
            synchronized (monitor) {
                m.start();
                l.start();
                awaitState(m, Thread.State.BLOCKED); // on the monitor this thread holds
                awaitState(l, Thread.State.WAITING); // parked on the lock this thread holds
                assertEquals(List.of(), d.observe(0));
            }
        } finally {
            lock.unlock();
        }
        assertEquals(1, d.prechecks());
        assertEquals(0, d.searches(), "no cycle, so no findDeadlockedThreads (a safepoint operation)");
        assertEquals(0, findings.deadlocked());
        m.join(10_000);
        l.join(10_000);
    }

    private static void awaitState(Thread t, Thread.State state) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.getState() != state && System.nanoTime() < end) {
            Thread.sleep(10); // polling for the thread to block, with a deadline
        }
        assertEquals(state, t.getState());
    }

    private static void cross(ReentrantLock mine, ReentrantLock theirs, CountDownLatch holdOne) {
        mine.lock();
        try {
            holdOne.countDown();
            holdOne.await();
            theirs.lockInterruptibly(); // the line the finding names
            theirs.unlock();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            mine.unlock();
        }
    }
}
