package dev.weft.bridge;

import java.util.concurrent.atomic.LongAdder;

/**
 * The bootstrap bridge: the only Weft code that advice inlined into JDK classes calls.
 *
 * <p><b>Which loader loads it, and why.</b> Advice is inlined into classes of {@code java.base}
 * ({@code java.lang.Thread}, {@code java.util.concurrent.*}), whose code can only see classes of
 * the bootstrap loader. The build relocates this package to {@code java.lang} and stores the class
 * bytes under a non-{@code .class} name; at start-up the agent defines them into {@code java.base}
 * through a private {@link java.lang.invoke.MethodHandles.Lookup} on {@code Thread}
 * (see {@code dev.weft.agent.BridgeInjector}). Nothing is appended to the bootstrap search path,
 * so class-data sharing stays on. It must never be loaded by any other loader in a real run; in
 * unit tests it is an ordinary class on the test class path.
 *
 * <p><b>What it may contain.</b> Static holder fields, small interfaces, and JDK types only: any
 * reference to an agent class would fail to resolve from the bootstrap loader and break the host
 * application's {@code Thread.start()}.
 *
 * <p><b>Failure policy.</b> Every entry point catches {@code Throwable}, counts it in
 * {@link #internalErrors()} and returns: nothing the agent does may reach the application. The
 * advice additionally uses {@code suppress = Throwable.class}, and Byte Buddy's suppression
 * handler calls {@link #adviceFailed(Throwable)}.
 */
public final class WeftBridge {

    /** Hook identifiers; the index into {@link #hookCalls(int)}. */
    public static final int HOOK_THREAD_START = 0;
    /** {@code Thread.start(ThreadContainer)}, JDK 21+: how executors start their workers. */
    public static final int HOOK_THREAD_START_CONTAINER = 1;
    /** {@code Thread.exit()}: the dying thread's last Java code. */
    public static final int HOOK_THREAD_EXIT = 2;
    /** Number of hook identifiers. */
    public static final int HOOK_COUNT = 3;

    /**
     * Receiver of thread lifecycle events, implemented by the ledger in the agent's loader.
     * Implementations must be fast, must not block, and must tolerate being called on any thread,
     * including a thread that is inside {@code Thread.exit()}.
     */
    public interface ThreadHooks {
        /**
         * A platform thread is about to be started by the current thread.
         *
         * @param thread the thread, still {@code NEW}
         * @param hook   {@link #HOOK_THREAD_START} or {@link #HOOK_THREAD_START_CONTAINER}
         */
        void starting(Thread thread, int hook);

        /** {@code start()} threw: the thread announced by {@link #starting} never ran. */
        void startFailed(Thread thread);

        /** The current thread is exiting ({@code Thread.exit()}). */
        void exiting(Thread thread);
    }

    private static volatile ThreadHooks threadHooks;

    // LongAdder: incremented from many application threads at once; read only at scrape time.
    private static final LongAdder INTERNAL_ERRORS = new LongAdder();
    private static final LongAdder[] HOOK_CALLS = new LongAdder[HOOK_COUNT];
    // Label values folded into "other" because a family reached its series budget (top 50 + other).
    private static final LongAdder SERIES_DROPPED = new LongAdder();

    static {
        for (int i = 0; i < HOOK_COUNT; i++) {
            HOOK_CALLS[i] = new LongAdder();
        }
    }

    private WeftBridge() {
    }

    /** Installs (or, with {@code null}, removes) the receiver of thread events. */
    public static void setThreadHooks(ThreadHooks hooks) {
        threadHooks = hooks;
    }

    /** Failures inside the agent that were swallowed so that the application never saw them. */
    public static long internalErrors() {
        return INTERNAL_ERRORS.sum();
    }

    /** Counts one swallowed failure. */
    public static void countError() {
        INTERNAL_ERRORS.increment();
    }

    /** Label values (series) that were folded into {@code other} because their family was full. */
    public static long seriesDropped() {
        return SERIES_DROPPED.sum();
    }

    /** Counts one label value folded into {@code other}; called once per distinct value. */
    public static void countSeriesDropped() {
        SERIES_DROPPED.increment();
    }

    /** Called by Byte Buddy's suppression handler when advice itself threw. */
    public static void adviceFailed(Throwable ignored) {
        INTERNAL_ERRORS.increment();
    }

    /** How many times the hook has fired since the JVM started (for the self-test and status). */
    public static long hookCalls(int hook) {
        return HOOK_CALLS[hook].sum();
    }

    // ---- entry points called from advice -------------------------------------------------------

    /**
     * Advice on {@code Thread.start()} / {@code Thread.start(ThreadContainer)}, on enter.
     *
     * @return whether the thread was announced, so that the exit advice can retract it on failure
     */
    public static boolean threadStarting(Thread thread, int hook) {
        try {
            HOOK_CALLS[hook].increment();
            ThreadHooks h = threadHooks;
            // A second start() of a live thread throws IllegalThreadStateException: not a new thread.
            if (h == null || thread.getState() != Thread.State.NEW) {
                return false;
            }
            h.starting(thread, hook);
            return true;
        } catch (Throwable t) {
            INTERNAL_ERRORS.increment();
            return false;
        }
    }

    /** Advice on {@code Thread.start*}, on exit: retracts the announcement if {@code start0} threw. */
    public static void threadStartReturned(Thread thread, boolean announced, Throwable thrown) {
        if (!announced || thrown == null) {
            return;
        }
        try {
            ThreadHooks h = threadHooks;
            if (h != null) {
                h.startFailed(thread);
            }
        } catch (Throwable t) {
            INTERNAL_ERRORS.increment();
        }
    }

    /** Advice on {@code Thread.exit()}, on enter; runs on the dying thread. */
    public static void threadExiting(Thread thread) {
        try {
            HOOK_CALLS[HOOK_THREAD_EXIT].increment();
            ThreadHooks h = threadHooks;
            if (h != null) {
                h.exiting(thread);
            }
        } catch (Throwable t) {
            INTERNAL_ERRORS.increment();
        }
    }
}
