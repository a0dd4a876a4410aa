package dev.weft.agent.monitor;

import dev.weft.exporter.threads.Escape;
import dev.weft.instrumentation.ledger.CreationSite;
import dev.weft.instrumentation.ledger.ExecutorState;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every executor finding says about its pool: its name and type, where it was built (the first
 * application frame and the stack), and the stack of its oldest running task, sampled when the
 * finding is made (one {@code getThreadInfo} of one thread, bounded depth).
 */
final class PoolEvidence {

    static final int STACK_LINES = 16;
    static final int MAX_DEPTH = 32;

    private PoolEvidence() {
    }

    /** {@code pool "name" (type, built at File.java:line)}. */
    static String describe(ExecutorState s) {
        return "pool " + Escape.quoted(s.name()) + " (" + s.type() + ", built at " + builtAt(s) + ")";
    }

    /** {@code File.java:line} of the first application frame of the creation stack, else the site. */
    static String builtAt(ExecutorState s) {
        for (StackTraceElement f : s.creationStack()) {
            if (!platform(f.getClassName())) {
                return Escape.line(CreationSite.location(f));
            }
        }
        String site = s.site();
        int at = site.indexOf('@');
        return Escape.line(at >= 0 ? site.substring(at + 1) : site);
    }

    /** The pool's getters, one line. */
    static String counts(ExecutorState s) {
        return "active " + s.active() + " of max " + s.max() + ", pool size " + s.poolSize() + ", core " + s.core()
                + ", queued " + s.queued()
                + (s.completed() >= 0 ? ", completed " + s.completed() : "")
                + (s.rejected() >= 0 ? ", rejected " + s.rejected() : "");
    }

    /** The creation stack, then the oldest running task's current stack (sampled now), as detail lines. */
    static void addStacks(List<String> details, ExecutorState s, ThreadMXBean bean) {
        if (!s.creationStack().isEmpty()) {
            details.add("built at:");
            List<StackTraceElement> c = s.creationStack();
            for (int k = 0; k < Math.min(STACK_LINES, c.size()); k++) {
                details.add("  at " + Escape.line(CreationSite.format(c.get(k))));
            }
        }
        if (s.running().isEmpty()) {
            details.add("no running task is followed for this pool (fork-join and thread-per-task pools are"
                    + " not followed task by task)");
            return;
        }
        ExecutorState.RunningTask oldest = s.running().get(0);
        ThreadInfo i = bean.getThreadInfo(oldest.thread().getId(), MAX_DEPTH);
        long ms = TimeUnit.NANOSECONDS.toMillis(Math.max(0, System.nanoTime() - oldest.startNanos()));
        if (i == null) {
            details.add("oldest running task: on " + Escape.quoted(oldest.thread().getName()) + " for " + ms
                    + " ms (the thread has ended)");
            return;
        }
        details.add("oldest running task: on " + Escape.quoted(i.getThreadName()) + " (id " + i.getThreadId() + ", "
                + i.getThreadState() + ") for " + Durations.format(ms) + ", its stack:");
        addStack(details, i.getStackTrace());
    }

    static void addStack(List<String> details, StackTraceElement[] stack) {
        for (int k = 0; k < Math.min(StuckDetector.STACK_LINES, stack.length); k++) {
            details.add("  at " + Escape.line(CreationSite.format(stack[k])));
        }
    }

    private static boolean platform(String c) {
        return c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
                || c.startsWith("com.sun.");
    }
}
