package dev.weft.instrumentation.ledger;

import dev.weft.bridge.WeftLockBridge;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lock contention: how long threads waited to acquire a lock, by lock kind.
 *
 * <p><b>What counts as contention.</b> The AQS / AQLS slow path is reached by every synchronizer
 * whose fast {@code tryAcquire} failed, including ones whose waiting is the point. The
 * synchronizer's class decides (cached per class in a {@link ClassValue}, so the steady-state
 * lookup neither allocates nor locks):
 * <ul>
 *   <li>{@code ReentrantLock$Sync} subclasses → {@code reentrant_lock};
 *       {@code ReentrantReadWriteLock$Sync} subclasses → {@code read_write_lock};</li>
 *   <li>{@code CountDownLatch$Sync}, {@code Semaphore$Sync}: intentional waits (a latch is meant
 *       to block until counted down, a semaphore until a permit is free), not contention; they are
 *       counted in {@link #intentionalWaits()} and not recorded;</li>
 *   <li>a condition's re-acquisition after a signal ({@code ConditionObject.await} calls the slow
 *       path with its node): the hand-off that ends a condition wait, not contention; counted in
 *       {@link #intentionalWaits()} too;</li>
 *   <li>Weft's own synchronizers (the self-test canary), and any acquisition on one of the agent's
 *       own {@code weft-*} threads (its monitor, HTTP server, JFR stream): ignored, so that the
 *       observer's locking never shows up as the application's;</li>
 *   <li>every other AQS / AQLS subclass (including {@code ThreadPoolExecutor$Worker} and the
 *       application's own synchronizers) → {@code other}.</li>
 * </ul>
 * {@code StampedLock} is not built on AQS: it has its own queue, and its own private slow paths
 * {@code acquireWrite}/{@code acquireRead}, advised separately and recorded as {@code stamped_lock}
 * through {@link #stampedAcquired} (a reader whose one optimistic CAS lost a race against another
 * reader also goes there, and is recorded with its short wait).
 * {@code monitor} ({@code synchronized}) is fed from JFR {@code jdk.JavaMonitorEnter} through
 * {@link #recordMonitor(long)}.
 */
public final class LockLedger implements WeftLockBridge.LockHooks {

    /** Contention kinds, the values of the {@code kind} label, in exposition order. */
    public static final List<String> KINDS =
            List.of("monitor", "reentrant_lock", "read_write_lock", "stamped_lock", "other");
    /** Intentional wait kinds, the values of {@code jvm_lock_wait_seconds}' {@code kind} label. */
    public static final List<String> WAIT_KINDS = List.of("object_wait", "condition_await", "park", "sleep");
    /** Index of {@code object_wait} in {@link #WAIT_KINDS}. */
    public static final int OBJECT_WAIT = 0;
    /** Index of {@code condition_await} in {@link #WAIT_KINDS}. */
    public static final int CONDITION_AWAIT = 1;
    /** Index of {@code park} in {@link #WAIT_KINDS}. */
    public static final int PARK = 2;
    /** Index of {@code sleep} in {@link #WAIT_KINDS}. */
    public static final int SLEEP = 3;
    static final int MONITOR = 0;
    static final int REENTRANT_LOCK = 1;
    static final int READ_WRITE_LOCK = 2;
    static final int STAMPED_LOCK = 3;
    static final int OTHER = 4;
    /** Classification result: an intentional wait, not contention. */
    static final int WAIT = -1;
    /** Classification result: Weft's own synchronizer. */
    static final int IGNORED = -2;

    private static final ClassValue<Integer> KIND = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
            return classify(type);
        }
    };

    private final DurationRecorder[] contention = new DurationRecorder[KINDS.size()];
    private final DurationRecorder[] waits = new DurationRecorder[WAIT_KINDS.size()];
    // LongAdder: incremented by waiting application threads at once; read at scrape time only.
    private final LongAdder intentionalWaits = new LongAdder();

    /** A ledger with empty recorders. */
    public LockLedger() {
        for (int i = 0; i < contention.length; i++) {
            contention[i] = new DurationRecorder();
        }
        for (int i = 0; i < waits.length; i++) {
            waits[i] = new DurationRecorder();
        }
    }

    /**
     * Told about each contended j.u.c. acquisition that waited at least its threshold, on the
     * acquiring thread (so that a JFR event can carry its stack). Must not block.
     */
    public interface SlowAcquisitions {
        /**
         * @param synchronizer the AQS/AQLS synchronizer or the {@code StampedLock}
         * @param kind         the {@code kind} label value
         * @param nanos        the wait
         */
        void slow(Object synchronizer, String kind, long nanos);
    }

    private volatile SlowAcquisitions slow;
    private volatile long slowThresholdNanos = Long.MAX_VALUE;
    private final ContentionSites sites = new ContentionSites();

    /**
     * Acquisitions that waited at least {@code thresholdNanos} are attributed to their site
     * ({@link #sites()}); {@code Long.MAX_VALUE} (the initial value) turns that off.
     */
    public void setSlowThreshold(long thresholdNanos) {
        this.slowThresholdNanos = thresholdNanos;
    }

    /** Installs (or, with {@code null}, removes) the listener told about every slow acquisition. */
    public void setSlowAcquisitions(SlowAcquisitions listener) {
        this.slow = listener;
    }

    /** Slow acquisitions by lock class and acquiring stack. */
    public ContentionSites sites() {
        return sites;
    }

    @Override
    public void acquired(Object synchronizer, boolean reacquire, long nanos) {
        if (onAgentThread()) {
            return;
        }
        int kind = KIND.get(synchronizer.getClass());
        if (kind >= 0 && !reacquire) {
            contention[kind].record(nanos);
            if (nanos >= slowThresholdNanos) {
                reportSlow(synchronizer, kind, nanos);
            }
        } else if (kind == WAIT || (kind >= 0 && reacquire)) {
            intentionalWaits.increment();
        }
    }

    @Override
    public void stampedAcquired(Object lock, long nanos) {
        if (onAgentThread()) {
            return;
        }
        if (KIND.get(lock.getClass()) != IGNORED) {
            contention[STAMPED_LOCK].record(nanos);
            if (nanos >= slowThresholdNanos) {
                reportSlow(lock, STAMPED_LOCK, nanos);
            }
        }
    }

    /**
     * Whether the current thread is one of the agent's own. Only the slow path (a thread about to queue
     * and park) pays it: a field read and a prefix comparison, no allocation.
     */
    private static boolean onAgentThread() {
        return Thread.currentThread().getName().startsWith("weft-");
    }

    private void reportSlow(Object synchronizer, int kind, long nanos) {
        sites.record(synchronizer.getClass(), KINDS.get(kind), nanos);
        SlowAcquisitions s = slow;
        if (s != null) {
            s.slow(synchronizer, KINDS.get(kind), nanos);
        }
    }

    /** One contended {@code synchronized} enter (from JFR {@code jdk.JavaMonitorEnter}). */
    public void recordMonitor(long nanos) {
        contention[MONITOR].record(nanos);
    }

    /**
     * One intentional wait (from JFR {@code jdk.JavaMonitorWait}, {@code jdk.ThreadPark},
     * {@code jdk.ThreadSleep}).
     *
     * @param kind an index into {@link #WAIT_KINDS}
     */
    public void recordWait(int kind, long nanos) {
        waits[kind].record(nanos);
    }

    /** The recorder of the wait kind at {@code index} in {@link #WAIT_KINDS}. */
    public DurationRecorder waits(int index) {
        return waits[index];
    }

    /**
     * What a {@code jdk.ThreadPark} event with this blocker ({@code parkedClass}) is: an index into
     * {@link #WAIT_KINDS}, or {@code -1} when the park is a lock acquisition already counted as
     * contention (a {@code ReentrantLock}/{@code ReentrantReadWriteLock} synchronizer,
     * {@code StampedLock}, a pool worker's lock).
     *
     * @param blockerClass the blocker's class name, or {@code null} when the park had no blocker
     */
    public static int parkKind(String blockerClass) {
        if (blockerClass == null) {
            return PARK;
        }
        if (blockerClass.endsWith("$ConditionObject")) {
            return CONDITION_AWAIT;
        }
        switch (blockerClass) {
            case "java.util.concurrent.locks.ReentrantLock$NonfairSync":
            case "java.util.concurrent.locks.ReentrantLock$FairSync":
            case "java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync":
            case "java.util.concurrent.locks.ReentrantReadWriteLock$FairSync":
            case "java.util.concurrent.locks.StampedLock":
            case "java.util.concurrent.ThreadPoolExecutor$Worker":
                return -1;
            default:
                return PARK;
        }
    }

    /** The recorder of the kind at {@code index} in {@link #KINDS}. */
    public DurationRecorder contention(int index) {
        return contention[index];
    }

    /** Slow-path calls of latches, semaphores and condition re-acquisitions (not contention). */
    public long intentionalWaits() {
        return intentionalWaits.sum();
    }

    static int classify(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            String n = c.getName();
            switch (n) {
                case "java.util.concurrent.locks.ReentrantLock$Sync":
                    return REENTRANT_LOCK;
                case "java.util.concurrent.locks.ReentrantReadWriteLock$Sync":
                    return READ_WRITE_LOCK;
                case "java.util.concurrent.CountDownLatch$Sync":
                case "java.util.concurrent.Semaphore$Sync":
                    return WAIT;
                default:
                    if (n.startsWith("dev.weft.instrumentation.lock.")) { // the self-test canary
                        return IGNORED;
                    }
            }
        }
        return OTHER;
    }
}
