package dev.weft.instrumentation.ledger;

import java.util.List;

/**
 * One live executor as the detectors and the periodic JFR event see it: its getters read at one
 * moment, where it was built, and the tasks its workers are running.
 *
 * @param id            stable for the executor's life (its order of discovery)
 * @param name          the exported {@code name} label
 * @param type          the exported {@code type} label
 * @param site          {@code SimpleClassName@File.java:line} of the code that built it
 * @param creationStack that code's stack, innermost first, at most 32 frames (empty for pools the
 *                      ledger found before capturing stacks)
 * @param active        threads running a task ({@code getActiveCount}, or for a fork-join pool
 *                      {@code getActiveThreadCount})
 * @param poolSize      threads in the pool
 * @param core          core size (fork-join: parallelism)
 * @param max           maximum size (fork-join: parallelism, the threads it keeps busy)
 * @param queued        tasks waiting in the queue (fork-join: submissions and queued tasks)
 * @param completed     tasks completed, or {@code -1} when the executor does not count them
 * @param rejected      submissions rejected since discovery, or {@code -1} when not observed
 * @param running       the tasks running now on workers the ledger follows ({@code ThreadPoolExecutor}
 *                      and subclasses), oldest first
 */
public record ExecutorState(long id, String name, String type, String site, List<StackTraceElement> creationStack,
                            int active, int poolSize, int core, int max, long queued, long completed, long rejected,
                            List<RunningTask> running) {

    /** A task running on {@code thread} since {@code startNanos} ({@link System#nanoTime()}). */
    public record RunningTask(Thread thread, long startNanos) {
    }

    /** Whether every thread the pool may have is running a task. */
    public boolean allBusy() {
        return max > 0 && active >= max;
    }
}
