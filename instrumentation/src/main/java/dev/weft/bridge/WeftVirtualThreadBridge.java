package dev.weft.bridge;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bootstrap bridge for virtual-thread lifecycle hooks (JDK 21+): {@code VirtualThread.start(ThreadContainer)}
 * and {@code VirtualThread.afterDone(boolean)}.
 *
 * <p><b>Which loader loads it, and why.</b> Like {@link WeftBridge}: relocated to {@code java.lang}
 * and defined into {@code java.base} by the agent, because the advice is inlined into
 * {@code java.lang.VirtualThread}. JDK types only.
 *
 * <p><b>Why so little.</b> These hooks run inside the virtual-thread machinery ({@code afterDone}
 * runs on the carrier as the virtual thread terminates, or on the starting thread when the start fails).
 * Anything that can block, take a lock, load a class or park there can hang the scheduler (see
 * {@code reference/instrumenting-the-jdk.md}, the "danger" experiment). So {@link #done()} is one
 * {@link LongAdder#increment()} (lock-free, never parks), and {@link #started(Thread)}, which runs on the
 * starting thread in ordinary code (the JDK itself adds the thread to a concurrent set there), is one
 * increment plus, for 1 start in {@link #sampleEvery()} chosen at random, a creation-site capture by the
 * hooks (virtual threads are a high-rate source; see the README's thread-lifecycle section).
 */
public final class WeftVirtualThreadBridge {

    // LongAdder: virtual threads start and end at very high rates on many carriers at once.
    private static final LongAdder STARTED = new LongAdder();
    private static final LongAdder DONE = new LongAdder();

    /**
     * Receiver of sampled virtual-thread starts, implemented by the ledger in the agent's loader. Called on
     * the starting thread; must not block.
     */
    public interface Hooks {
        /** {@code vthread}, still {@code NEW}, was chosen by the sampling and is being started. */
        void sampledStart(Thread vthread);
    }

    private static volatile Hooks hooks;
    private static volatile int sampleEvery = 100;

    private WeftVirtualThreadBridge() {
    }

    /** Installs (or, with {@code null}, removes) the receiver of sampled starts. */
    public static void setHooks(Hooks h) {
        hooks = h;
    }

    /** Samples 1 start in {@code every} (1: every start; 0: none). */
    public static void setSampleEvery(int every) {
        sampleEvery = Math.max(0, every);
    }

    /** 1 start in how many is sampled (0: none). */
    public static int sampleEvery() {
        return sampleEvery;
    }

    /** Advice on {@code VirtualThread.start(ThreadContainer)}, on enter. */
    public static void started(Thread vthread) {
        try {
            STARTED.increment();
            Hooks h = hooks;
            int every = sampleEvery;
            // Random rather than a shared counter: no cache line bounced between the starting threads.
            if (h != null && every > 0 && (every == 1 || ThreadLocalRandom.current().nextInt(every) == 0)) {
                h.sampledStart(vthread);
            }
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
