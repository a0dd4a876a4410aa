package dev.weft.instrumentation.ledger;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every live platform thread, without a safepoint (unlike {@code Thread.getAllStackTraces}, which
 * stops the world to take every stack).
 *
 * <p>The JDK's private {@code Thread.getThreads()} (the list {@code getAllStackTraces} starts from)
 * is used when it can be reached — {@code java.lang} is opened to the agent's loader when the bridge
 * is defined, before this class is first used — because thread-group enumeration misses threads the JVM starts without adding them
 * to a group (JDK 17's {@code JFR Recorder Thread}). Thread groups are the fallback.
 */
public final class LiveThreads {

    private static final MethodHandle GET_THREADS = find();

    private LiveThreads() {
    }

    private static MethodHandle find() {
        try {
            return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "getThreads", MethodType.methodType(Thread[].class));
        } catch (Throwable unavailable) {
            return null;
        }
    }

    /** Whether the complete list is available (rather than the thread-group fallback). */
    public static boolean complete() {
        return GET_THREADS != null;
    }

    /** A snapshot of every live platform thread. */
    public static List<Thread> all() {
        if (GET_THREADS != null) {
            try {
                return new ArrayList<>(Arrays.asList((Thread[]) GET_THREADS.invokeExact()));
            } catch (Throwable t) {
                // fall back below
            }
        }
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 64];
        int n;
        while ((n = root.enumerate(all, true)) == all.length) {
            all = new Thread[all.length * 2];
        }
        return new ArrayList<>(Arrays.asList(all).subList(0, n));
    }
}
