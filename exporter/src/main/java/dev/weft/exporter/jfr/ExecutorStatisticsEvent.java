package dev.weft.exporter.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * {@code dev.weft.ExecutorStatistics}: one event per live thread pool every period (10 s unless a
 * recording's settings say otherwise), with the values of the {@code executor_*} metrics for that one
 * pool — so a recording shows, pool by pool, when it filled up.
 */
@Name(ExecutorStatisticsEvent.NAME)
@Label("Executor Statistics")
@Description("Periodic state of one thread pool (ThreadPoolExecutor, ScheduledThreadPoolExecutor, ForkJoinPool,"
        + " thread-per-task executor) seen by Weft")
@Category({"Weft", "Executors"})
@Period("10 s")
@StackTrace(false)
final class ExecutorStatisticsEvent extends Event {

    /** The event name. */
    static final String NAME = "dev.weft.ExecutorStatistics";

    @Label("Name")
    @Description("The pool's name as exported (normalised worker thread name, else class and creation site)")
    String name;

    @Label("Type")
    @Description("thread_pool, scheduled, fork_join or thread_per_task")
    String type;

    @Label("Creation Site")
    @Description("SimpleClassName@File.java:line of the code that built the pool")
    String site;

    @Label("Active Threads")
    @Description("Threads running a task")
    int active;

    @Label("Pool Size")
    @Description("Threads in the pool")
    int poolSize;

    @Label("Core Pool Size")
    @Description("Core size (fork-join: parallelism)")
    int corePoolSize;

    @Label("Maximum Pool Size")
    @Description("Maximum size (fork-join: parallelism; thread-per-task: -1)")
    int maximumPoolSize;

    @Label("Queued Tasks")
    @Description("Tasks waiting in the queue")
    long queued;

    @Label("Completed Tasks")
    @Description("Tasks completed since the pool was built, -1 when the pool does not count them")
    long completed;

    @Label("Rejected Tasks")
    @Description("Submissions rejected since Weft found the pool, -1 when not observed")
    long rejected;
}
