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
 */
public record ThreadSample(long id, String name, Thread.State state, List<StackTraceElement> stack,
                           String lockName, String lockOwner) {

    public ThreadSample {
        stack = List.copyOf(stack);
    }

    /** From a {@link ThreadInfo}; {@code null} stays {@code null}. */
    public static ThreadSample of(ThreadInfo info) {
        if (info == null) {
            return null;
        }
        return new ThreadSample(info.getThreadId(), info.getThreadName(), info.getThreadState(),
                List.of(info.getStackTrace()), info.getLockName(), info.getLockOwnerName());
    }
}
