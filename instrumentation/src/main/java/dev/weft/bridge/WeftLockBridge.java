package dev.weft.bridge;

import java.util.concurrent.atomic.LongAdder;

/**
 * The bootstrap bridge for lock contention: what the advice on the AQS slow path calls.
 *
 * <p><b>Which loader loads it, and why.</b> Like {@link WeftBridge}: the advice is inlined into
 * {@code AbstractQueuedSynchronizer} and {@code AbstractQueuedLongSynchronizer} in
 * {@code java.base}, so this class is relocated to {@code java.lang} and defined into
 * {@code java.base} at start-up. JDK types only; never a reference to an agent class.
 *
 * <p><b>Cost.</b> Only the slow path of an acquisition reaches it (the acquiring thread already
 * failed {@code tryAcquire} and is about to queue and park): two {@code System.nanoTime()} calls,
 * one {@code LongAdder} increment and a call into the ledger, no allocation, no lock.
 *
 * <p><b>Failure policy.</b> Every entry point catches {@code Throwable} and counts it through
 * {@link WeftBridge#countError()}.
 */
public final class WeftLockBridge {

    /** {@code AbstractQueuedSynchronizer.acquire(Node,int,boolean,boolean,boolean,long)}. */
    public static final int HOOK_AQS_ACQUIRE = 0;
    /** {@code AbstractQueuedLongSynchronizer.acquire(Node,long,boolean,boolean,boolean,long)}. */
    public static final int HOOK_AQLS_ACQUIRE = 1;
    /** {@code StampedLock.acquireWrite(boolean,boolean,long)}: the write-lock slow path. */
    public static final int HOOK_STAMPED_WRITE = 2;
    /** {@code StampedLock.acquireRead(boolean,boolean,long)}: the read-lock slow path. */
    public static final int HOOK_STAMPED_READ = 3;
    /** Number of hook identifiers. */
    public static final int HOOK_COUNT = 4;

    /**
     * Receiver of slow-path acquisitions, implemented by the ledger in the agent's loader. Called on
     * the acquiring thread right after the acquisition returned (or threw); must not block, must not
     * allocate on its steady-state path, and must not take a {@code java.util.concurrent} lock.
     */
    public interface LockHooks {
        /**
         * One slow-path acquisition ended.
         *
         * @param synchronizer  the AQS / AQLS instance ({@code ReentrantLock$NonfairSync}, …)
         * @param reacquire     whether this was a condition's re-acquisition after a signal
         *                      (the {@code node} argument was not {@code null})
         * @param nanos         time spent in the slow path, {@code >= 0}
         */
        void acquired(Object synchronizer, boolean reacquire, long nanos);

        /**
         * One {@code StampedLock} slow-path acquisition ended.
         *
         * @param lock  the {@code StampedLock}
         * @param nanos time spent in the slow path, {@code >= 0}
         */
        void stampedAcquired(Object lock, long nanos);
    }

    private static volatile LockHooks lockHooks;

    // LongAdder: incremented by every contending application thread at once; read by the self-test.
    private static final LongAdder[] HOOK_CALLS = new LongAdder[HOOK_COUNT];

    static {
        for (int i = 0; i < HOOK_COUNT; i++) {
            HOOK_CALLS[i] = new LongAdder();
        }
    }

    private WeftLockBridge() {
    }

    /** Installs (or, with {@code null}, removes) the receiver. */
    public static void setLockHooks(LockHooks hooks) {
        lockHooks = hooks;
    }

    /** How many times the hook has fired since the JVM started (self-test, status, tests). */
    public static long hookCalls(int hook) {
        return HOOK_CALLS[hook].sum();
    }

    /**
     * Advice on the slow path, on enter.
     *
     * @return the start time ({@code System.nanoTime()}), handed to {@link #acquireExit} by the advice
     */
    public static long acquireEnter(int hook) {
        try {
            HOOK_CALLS[hook].increment();
        } catch (Throwable t) {
            WeftBridge.countError();
        }
        return System.nanoTime();
    }

    /** Advice on a {@code StampedLock} slow path, on exit (normal or thrown). */
    public static void stampedExit(Object lock, long start) {
        try {
            long nanos = System.nanoTime() - start;
            LockHooks h = lockHooks;
            if (h != null && lock != null) {
                h.stampedAcquired(lock, nanos < 0 ? 0 : nanos);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** Advice on the slow path, on exit (normal or thrown, e.g. on interrupt). */
    public static void acquireExit(Object synchronizer, Object node, long start) {
        try {
            long nanos = System.nanoTime() - start;
            LockHooks h = lockHooks;
            if (h != null && synchronizer != null) {
                h.acquired(synchronizer, node != null, nanos < 0 ? 0 : nanos);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }
}
