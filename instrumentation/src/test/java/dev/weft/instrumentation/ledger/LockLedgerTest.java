package dev.weft.instrumentation.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import dev.weft.bridge.WeftLockBridge;
import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import org.junit.jupiter.api.Test;

class LockLedgerTest {

    private static final double[] BOUNDS = {0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};

    private static final String LOCKS = "java.util.concurrent.locks.";

    /**
     * An instance of a JDK synchronizer class, as the advice sees it ({@code this} of AQS). The
     * classes are package-private and java.base is not open to tests: Unsafe makes a bare instance.
     */
    private static Object sync(String className) throws Exception {
        var f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        return ((sun.misc.Unsafe) f.get(null)).allocateInstance(Class.forName(className));
    }

    private static Object canaryStampedLock() throws Exception {
        var c = Class.forName("dev.weft.instrumentation.lock.StampedLockInstrumentation$CanaryStampedLock")
                .getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
    }

    private static Class<?> type(String className) throws Exception {
        return Class.forName(className);
    }

    @Test
    void classifiesBySynchronizerClass() throws Exception {
        assertEquals(LockLedger.REENTRANT_LOCK, LockLedger.classify(type(LOCKS + "ReentrantLock$NonfairSync")));
        assertEquals(LockLedger.REENTRANT_LOCK, LockLedger.classify(type(LOCKS + "ReentrantLock$FairSync")));
        assertEquals(LockLedger.READ_WRITE_LOCK, LockLedger.classify(type(LOCKS + "ReentrantReadWriteLock$NonfairSync")));
        assertEquals(LockLedger.READ_WRITE_LOCK,
                LockLedger.classify(type(LOCKS + "ReentrantReadWriteLock$FairSync")));
        assertEquals(LockLedger.WAIT, LockLedger.classify(type("java.util.concurrent.CountDownLatch$Sync")));
        assertEquals(LockLedger.WAIT, LockLedger.classify(type("java.util.concurrent.Semaphore$NonfairSync")));
        assertEquals(LockLedger.WAIT, LockLedger.classify(type("java.util.concurrent.Semaphore$FairSync")));
        assertEquals(LockLedger.OTHER, LockLedger.classify(AppSync.class));
        assertEquals(LockLedger.OTHER, LockLedger.classify(AppLongSync.class));
        assertEquals(LockLedger.OTHER, LockLedger.classify(Class.forName("java.util.concurrent.ThreadPoolExecutor$Worker")));
        assertEquals(LockLedger.OTHER, LockLedger.classify(Object.class));
        assertEquals(LockLedger.IGNORED, LockLedger.classify(
                type("dev.weft.instrumentation.lock.AqlsInstrumentation$NeverAcquired")));
    }

    @Test
    void recordsContentionByKindAndCountsIntentionalWaits() throws Exception {
        LockLedger ledger = new LockLedger();
        ledger.acquired(sync(LOCKS + "ReentrantLock$NonfairSync"), false, 2_000_000);        // 2 ms
        ledger.acquired(sync(LOCKS + "ReentrantLock$NonfairSync"), false, 30_000_000);       // 30 ms
        ledger.acquired(sync(LOCKS + "ReentrantReadWriteLock$NonfairSync"), false, 50_000);  // 50 µs
        ledger.acquired(new AppSync(), false, 7_000_000_000L);               // 7 s
        ledger.acquired(sync(LOCKS + "ReentrantLock$NonfairSync"), true, 1_000_000);         // condition re-acquire
        ledger.acquired(sync("java.util.concurrent.CountDownLatch$Sync"), false, 1_000_000);      // latch
        ledger.recordMonitor(25_000_000);
        ledger.stampedAcquired(new java.util.concurrent.locks.StampedLock(), 4_000_000);
        ledger.stampedAcquired(canaryStampedLock(), 4_000_000); // the self-test's: ignored

        DurationRecorder.Snapshot rl = ledger.contention(LockLedger.REENTRANT_LOCK).snapshot(BOUNDS);
        assertEquals(2, rl.count());
        assertEquals(32_000_000, rl.sumNanos());
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2, 2, 2, 2, 2}, rl.cumulative());
        assertEquals(30_000_000, rl.maxNanos());
        assertEquals(1, ledger.contention(LockLedger.READ_WRITE_LOCK).snapshot(BOUNDS).cumulative()[0]);
        DurationRecorder.Snapshot other = ledger.contention(LockLedger.OTHER).snapshot(BOUNDS);
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, other.cumulative());
        assertEquals(1, ledger.contention(LockLedger.MONITOR).snapshot(BOUNDS).count());
        DurationRecorder.Snapshot stamped = ledger.contention(LockLedger.STAMPED_LOCK).snapshot(BOUNDS);
        assertEquals(1, stamped.count());
        assertEquals(4_000_000, stamped.sumNanos());
        assertEquals(2, ledger.intentionalWaits());
        // Snapshots are totals since start, not intervals.
        assertEquals(2, ledger.contention(LockLedger.REENTRANT_LOCK).snapshot(BOUNDS).count());
    }

    @Test
    void parksAreWaitsUnlessTheyAreLockAcquisitions() {
        assertEquals(LockLedger.CONDITION_AWAIT,
                LockLedger.parkKind(LOCKS + "AbstractQueuedSynchronizer$ConditionObject"));
        assertEquals(LockLedger.CONDITION_AWAIT,
                LockLedger.parkKind(LOCKS + "AbstractQueuedLongSynchronizer$ConditionObject"));
        assertEquals(LockLedger.PARK, LockLedger.parkKind("java.util.concurrent.CountDownLatch$Sync"));
        assertEquals(LockLedger.PARK, LockLedger.parkKind("java.util.concurrent.FutureTask"));
        assertEquals(LockLedger.PARK, LockLedger.parkKind(null));
        assertEquals(-1, LockLedger.parkKind(LOCKS + "ReentrantLock$NonfairSync"));
        assertEquals(-1, LockLedger.parkKind(LOCKS + "ReentrantReadWriteLock$FairSync"));
        assertEquals(-1, LockLedger.parkKind(LOCKS + "StampedLock"));
        assertEquals(-1, LockLedger.parkKind("java.util.concurrent.ThreadPoolExecutor$Worker"));
    }

    @Test
    void waitsAreRecordedByKind() {
        LockLedger ledger = new LockLedger();
        ledger.recordWait(LockLedger.SLEEP, 30_000_000);
        ledger.recordWait(LockLedger.SLEEP, 40_000_000);
        ledger.recordWait(LockLedger.OBJECT_WAIT, 25_000_000);
        assertEquals(70_000_000, ledger.waits(LockLedger.SLEEP).snapshot(BOUNDS).sumNanos());
        assertEquals(1, ledger.waits(LockLedger.OBJECT_WAIT).snapshot(BOUNDS).count());
        assertEquals(0, ledger.waits(LockLedger.PARK).snapshot(BOUNDS).count());
        assertEquals(java.util.List.of("object_wait", "condition_await", "park", "sleep"), LockLedger.WAIT_KINDS);
    }

    @Test
    void extremeValuesAreClampedNotThrown() {
        DurationRecorder r = new DurationRecorder();
        r.record(-5);
        r.record(0);
        r.record(Long.MAX_VALUE / 4);
        DurationRecorder.Snapshot s = r.snapshot(BOUNDS);
        assertEquals(3, s.count());
        assertEquals(2, s.cumulative()[0]);
        assertEquals(Long.MAX_VALUE / 4, s.maxNanos());
        assertEquals(3, s.cumulative()[s.cumulative().length - 1] + 1, "the clamped value is above 10 s");
    }

    @Test
    void theAgentsOwnThreadsAreIgnored() throws Exception {
        LockLedger ledger = new LockLedger();
        Object lock = sync(LOCKS + "ReentrantLock$NonfairSync");
        Thread agent = new Thread(() -> {
            ledger.acquired(lock, false, 5_000_000L);
            ledger.stampedAcquired(STAMPED, 5_000_000L);
        }, "weft-http-1");
        agent.start();
        agent.join();
        Thread app = new Thread(() -> ledger.acquired(lock, false, 7_000_000L), "weft-like-but-app");
        app.setName("app-weft-1");
        app.start();
        app.join();
        assertEquals(1, ledger.contention(LockLedger.REENTRANT_LOCK).snapshot(BOUNDS).count());
        assertEquals(7_000_000L, ledger.contention(LockLedger.REENTRANT_LOCK).snapshot(BOUNDS).sumNanos());
        assertEquals(0, ledger.contention(LockLedger.STAMPED_LOCK).snapshot(BOUNDS).count());
    }

    /**
     * What the advice on a contended acquisition runs — the bridge's enter and exit, the ledger's
     * classification and recording — allocates nothing, for every kind (below the attribution threshold:
     * a slow acquisition above {@code lock.event.threshold} takes its stack by design, after a wait of at
     * least a millisecond).
     */
    @Test
    void theRecordingPathDoesNotAllocate() throws Exception {
        ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        LockLedger ledger = new LockLedger();
        // The largest lock.event.threshold: the bridge's calls below time real (tiny) spans, and a
        // preemption between their enter and exit on a loaded machine must not cross it.
        ledger.setSlowThreshold(600_000_000_000L);
        Object lock = sync(LOCKS + "ReentrantLock$NonfairSync");
        Object rw = sync(LOCKS + "ReentrantReadWriteLock$NonfairSync");
        Object latch = sync("java.util.concurrent.CountDownLatch$Sync");
        WeftLockBridge.setLockHooks(ledger);
        long allocated;
        try {
            for (int round = 0; round < 10; round++) { // warm-up: class values, adders' cells, JIT tiers
                for (int i = 0; i < 100_000; i++) {
                    record(ledger, lock, rw, latch, i);
                }
            }
            long before = bean.getThreadAllocatedBytes(self);
            for (int i = 0; i < 100_000; i++) {
                record(ledger, lock, rw, latch, i);
            }
            allocated = bean.getThreadAllocatedBytes(self) - before;
        } finally {
            WeftLockBridge.setLockHooks(null);
        }
        assertEquals(0, allocated, "bytes allocated by 800,000 recordings");
        assertEquals(11L * 2 * 100_000, ledger.contention(LockLedger.REENTRANT_LOCK).snapshot(BOUNDS).count(),
                "every contended acquisition recorded, through the ledger and through the bridge");
    }

    private static void record(LockLedger ledger, Object lock, Object rw, Object latch, int i) {
        ledger.acquired(lock, false, i * 1_000L);
        ledger.acquired(rw, false, i * 37L);
        ledger.acquired(latch, false, i);
        ledger.recordMonitor(20_000_000L + i);
        ledger.stampedAcquired(STAMPED, i * 11L);
        // Through the bridge, as the advice on the AQS slow path and StampedLock's calls it.
        long start = WeftLockBridge.acquireEnter(WeftLockBridge.HOOK_AQS_ACQUIRE);
        WeftLockBridge.acquireExit(lock, null, start);
        start = WeftLockBridge.acquireEnter(WeftLockBridge.HOOK_AQS_ACQUIRE);
        WeftLockBridge.acquireExit(lock, latch, start); // a condition's re-acquisition: not contention
        start = WeftLockBridge.acquireEnter(WeftLockBridge.HOOK_STAMPED_WRITE);
        WeftLockBridge.stampedExit(STAMPED, start);
    }

    private static final Object STAMPED = new java.util.concurrent.locks.StampedLock();

    static final class AppSync extends AbstractQueuedSynchronizer {
        private static final long serialVersionUID = 1L;
    }

    static final class AppLongSync extends AbstractQueuedLongSynchronizer {
        private static final long serialVersionUID = 1L;
    }

}
