package dev.weft.exporter.threads;

import java.lang.management.ThreadInfo;
import java.util.List;

/**
 * One thread as seen at request time (from {@link ThreadInfo}): what {@code /threads} groups.
 *
 * @param id        thread id
 * @param name      thread name (untrusted text)
 * @param state     its state
 * @param stack     its stack, innermost first, cut at the request's depth
 * @param lockName  what it waits for ({@code ThreadInfo.getLockName()}), or {@code null}
 * @param lockOwner the name of the thread that holds it, or {@code null}
 * @param virtual   whether it is a virtual thread
 */
public record ThreadSample(long id, String name, Thread.State state, List<StackTraceElement> stack,
                           String lockName, String lockOwner, boolean virtual) {

    public ThreadSample {
        stack = List.copyOf(stack);
    }

    /** A platform thread. */
    public ThreadSample(long id, String name, Thread.State state, List<StackTraceElement> stack,
                        String lockName, String lockOwner) {
        this(id, name, state, stack, lockName, lockOwner, false);
    }

    /** From a {@link ThreadInfo}; {@code null} stays {@code null}. */
    public static ThreadSample of(ThreadInfo info) {
        if (info == null) {
            return null;
        }
        return new ThreadSample(info.getThreadId(), info.getThreadName(), info.getThreadState(),
                List.of(info.getStackTrace()), info.getLockName(), info.getLockOwnerName());
    }

    /**
     * A virtual thread, read through {@link Thread#getStackTrace()} (the JDK takes an unmounted virtual
     * thread's stack from its continuation, without stopping anything; a mounted one with a handshake);
     * {@code null} when it ended meanwhile or could not be read. Its stack is cut at {@code maxDepth}.
     */
    public static ThreadSample ofVirtual(Thread t, int maxDepth) {
        try {
            Thread.State state = t.getState();
            if (state == Thread.State.TERMINATED) {
                return null;
            }
            StackTraceElement[] stack = t.getStackTrace();
            List<StackTraceElement> frames = List.of(stack).subList(0, Math.min(stack.length, maxDepth));
            return new ThreadSample(t.getId(), t.getName(), state, frames, null, null, true);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
