package dev.weft.instrumentation.ledger;

/**
 * One exported executor series: the live executors that share a {@code name} and {@code type},
 * their getters summed, read at scrape time.
 *
 * @param name           the normalised worker-thread name, else {@code SimpleClassName@File.java:line};
 *                       {@link ExecutorLedger#OTHER} for the executors beyond the series limit
 * @param type           {@code thread_pool}, {@code scheduled} or {@code fork_join}
 * @param executors      how many live executors the series sums
 * @param active         {@code getActiveCount()}
 * @param poolSize       {@code getPoolSize()}
 * @param core           {@code getCorePoolSize()}
 * @param max            {@code getMaximumPoolSize()}; {@code -1} (left out) for a fork-join pool
 *                       (for which {@code core} is its parallelism and {@code queued} its queued
 *                       submissions plus queued tasks)
 * @param queued         {@code getQueue().size()}
 * @param queueRemaining {@code getQueue().remainingCapacity()} summed over bounded queues; {@code -1}
 *                       when every queue of the series is unbounded ({@code Integer.MAX_VALUE})
 * @param completed      {@code getCompletedTaskCount()}, plus what executors of this series that are
 *                       gone had completed (so the counter does not go down when one shuts down)
 * @param rejected       rejections seen by the {@code reject} hook, likewise including those gone;
 *                       {@code completed} and {@code rejected} are {@code -1} (left out) for a fork-join pool
 * @param queueWait      submit (or, for scheduled tasks, due time) to start; null before the first task
 * @param run            task run time; null before the first task
 */
public record ExecutorSeries(String name, String type, int executors, double active, double poolSize,
        double core, double max, double queued, double queueRemaining, double completed, double rejected,
        Timing queueWait, Timing run) {
}
