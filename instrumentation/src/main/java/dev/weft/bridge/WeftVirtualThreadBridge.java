package dev.weft.bridge;

import java.util.concurrent.atomic.LongAdder;

/**
 * The bootstrap bridge for virtual-thread lifecycle hooks (JDK 21+): {@code VirtualThread.start(ThreadContainer)}
 * and {@code VirtualThread.afterDone(boolean)}.
 *
 * <p><b>Which loader loads it, and why.</b> Like {@link WeftBridge}: relocated to {@code java.lang}
 * and defined into {@code java.base} by the agent, because the advice is inlined into
 * {@code java.lang.VirtualThread}. JDK types only.
 *
 * <p><b>Why only counters.</b> These hooks run inside the virtual-thread machinery ({@code afterDone}
 * runs on the virtual thread as it terminates, or on the starting thread when the start fails). Anything
 * that can block, take a lock, load a class or park there can hang the scheduler (see
 * {@code reference/instrumenting-the-jdk.md}, the "danger" experiment). So each entry point is one
 * {@link LongAdder#increment()} (lock-free, never parks), and nothing else: no creation-site stack for
 * virtual threads (they are a high-rate source; see the README's thread-lifecycle section).
 */
public final class WeftVirtualThreadBridge {

    // LongAdder: virtual threads start and end at very high rates on many carriers at once.
    private static final LongAdder STARTED = new LongAdder();
    private static final LongAdder DONE = new LongAdder();

    private WeftVirtualThreadBridge() {
    }

    /** Advice on {@code VirtualThread.start(ThreadContainer)}, on enter. */
    public static void started() {
        try {
            STARTED.increment();
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** Advice on {@code VirtualThread.afterDone(boolean)}, on enter (also runs when the start failed). */
    public static void done() {
        try {
            DONE.increment();
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** Virtual threads started since the hooks were installed. */
    public static long startedTotal() {
        return STARTED.sum();
    }

    /** Virtual threads that terminated (or failed to start) since the hooks were installed. */
    public static long doneTotal() {
        return DONE.sum();
    }
}
