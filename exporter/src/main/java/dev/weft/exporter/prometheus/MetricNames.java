package dev.weft.exporter.prometheus;

/**
 * The Prometheus names Weft exposes, as they appear in the text format 0.0.4 (which is what
 * dashboards and alert rules query). The thread and GC names are exactly those of the Prometheus
 * Java client ({@code JvmThreadsMetrics}, {@code JvmGarbageCollectorMetrics}); see the "Metrics
 * contract" in {@code DESIGN.md}. In OpenMetrics a counter's family is written without its
 * {@code _total} suffix and an info family without {@code _info}; the samples keep them.
 */
public final class MetricNames {

    /** Gauge: {@code ThreadMXBean.getThreadCount()}. */
    public static final String JVM_THREADS_CURRENT = "jvm_threads_current";
    /** Gauge: {@code ThreadMXBean.getDaemonThreadCount()}. */
    public static final String JVM_THREADS_DAEMON = "jvm_threads_daemon";
    /** Gauge: {@code ThreadMXBean.getPeakThreadCount()}. */
    public static final String JVM_THREADS_PEAK = "jvm_threads_peak";
    /** Counter: {@code ThreadMXBean.getTotalStartedThreadCount()}. */
    public static final String JVM_THREADS_STARTED_TOTAL = "jvm_threads_started_total";
    /** Gauge with label {@link #LABEL_STATE}: live threads by {@link Thread.State}, plus {@code UNKNOWN}. */
    public static final String JVM_THREADS_STATE = "jvm_threads_state";
    /** Summary ({@code _count}, {@code _sum} only) with label {@link #LABEL_GC}. */
    public static final String JVM_GC_COLLECTION_SECONDS = "jvm_gc_collection_seconds";
    /** Histogram with label {@link #LABEL_KIND}: contended lock acquisitions. */
    public static final String JVM_LOCK_CONTENTION_SECONDS = "jvm_lock_contention_seconds";
    /** Gauge with label {@link #LABEL_KIND}: the longest contended acquisition. */
    public static final String JVM_LOCK_CONTENTION_SECONDS_MAX = "jvm_lock_contention_seconds_max";
    /** Histogram with label {@link #LABEL_KIND}: intentional waits (object_wait, condition_await, park, sleep). */
    public static final String JVM_LOCK_WAIT_SECONDS = "jvm_lock_wait_seconds";
    /** Histogram with labels {@link #LABEL_KIND}, {@link #LABEL_THREAD_KIND}: blocking socket and file calls. */
    public static final String JVM_BLOCKING_IO_SECONDS = "jvm_blocking_io_seconds";
    /** Counter with labels {@link #LABEL_KIND}, {@link #LABEL_THREAD_KIND}: bytes moved by blocking calls. */
    public static final String JVM_BLOCKING_IO_BYTES = "jvm_blocking_io_bytes";
    /** Histogram with labels {@link #LABEL_GC}, {@link #LABEL_ACTION}, {@link #LABEL_CAUSE}: stop-the-world pauses. */
    public static final String JVM_GC_PAUSE_SECONDS = "jvm_gc_pause_seconds";
    /** Gauge, same labels: the longest pause total of one collection. */
    public static final String JVM_GC_PAUSE_SECONDS_MAX = "jvm_gc_pause_seconds_max";
    /** Histogram: virtual threads blocked while pinned to their carrier (JFR; JDK 21+, zero before). */
    public static final String JVM_THREADS_VIRTUAL_PINNED_SECONDS = VirtualThreadPinningCollector.PINNED;
    /** Counter: virtual threads the scheduler failed to start or continue (JFR; JDK 21+). */
    public static final String JVM_THREADS_VIRTUAL_SUBMIT_FAILED_TOTAL = VirtualThreadPinningCollector.SUBMIT_FAILED;
    /** Info metric with label {@link #LABEL_VERSION}; value always 1. */
    public static final String WEFT_INFO = "weft_info";
    /** Counter: failures inside the agent that were counted and swallowed. */
    public static final String WEFT_INTERNAL_ERRORS_TOTAL = "weft_internal_errors_total";

    /** Gauge: {@code ThreadPoolExecutor.getActiveCount()}, labels {@link #LABEL_NAME}, {@link #LABEL_TYPE}. */
    public static final String EXECUTOR_ACTIVE_THREADS = "executor_active_threads";
    /** Gauge: {@code getPoolSize()}. */
    public static final String EXECUTOR_POOL_SIZE_THREADS = "executor_pool_size_threads";
    /** Gauge: {@code getCorePoolSize()}. */
    public static final String EXECUTOR_POOL_CORE_THREADS = "executor_pool_core_threads";
    /** Gauge: {@code getMaximumPoolSize()}. */
    public static final String EXECUTOR_POOL_MAX_THREADS = "executor_pool_max_threads";
    /** Gauge: {@code getQueue().size()}. */
    public static final String EXECUTOR_QUEUED_TASKS = "executor_queued_tasks";
    /** Gauge: {@code getQueue().remainingCapacity()}, bounded queues only. */
    public static final String EXECUTOR_QUEUE_REMAINING_TASKS = "executor_queue_remaining_tasks";
    /** Counter: {@code getCompletedTaskCount()}. */
    public static final String EXECUTOR_COMPLETED_TASKS_TOTAL = "executor_completed_tasks_total";
    /** Counter: rejections seen by the {@code reject} hook. */
    public static final String EXECUTOR_REJECTED_TASKS_TOTAL = "executor_rejected_tasks_total";
    /** Histogram: queue wait of executor tasks, seconds (+ {@code _max} gauge). */
    public static final String EXECUTOR_QUEUE_WAIT_SECONDS = "executor_queue_wait_seconds";
    /** Histogram: run time of executor tasks, seconds (+ {@code _max} gauge). */
    public static final String EXECUTOR_TASK_SECONDS = "executor_task_seconds";
    /** Counter: label values folded into {@code other} because a family reached its series limit. */
    public static final String WEFT_SERIES_DROPPED_TOTAL = "weft_series_dropped_total";

    /** Gauge with label {@link #LABEL_COLLECTOR}: seconds each collector took in its latest collection. */
    public static final String WEFT_COLLECT_DURATION_SECONDS = "weft_collect_duration_seconds";

    /** Label of {@link #WEFT_COLLECT_DURATION_SECONDS}: the collector, e.g. {@code jvm_threads}. */
    public static final String LABEL_COLLECTOR = "collector";
    /** Label of the executor families: the executor's name. */
    public static final String LABEL_NAME = "name";
    /** Label of the executor families: {@code thread_pool}, {@code scheduled}, {@code fork_join}, {@code thread_per_task}. */
    public static final String LABEL_TYPE = "type";
    /** Label of {@link #JVM_THREADS_STATE}. */
    public static final String LABEL_STATE = "state";
    /** Label of {@link #JVM_GC_COLLECTION_SECONDS}: the collector's MXBean name. */
    public static final String LABEL_GC = "gc";
    /** Label of {@link #JVM_BLOCKING_IO_SECONDS}: {@code platform} or {@code virtual}. */
    public static final String LABEL_THREAD_KIND = "thread_kind";
    /** Label of {@link #JVM_LOCK_CONTENTION_SECONDS}: {@code monitor}, {@code reentrant_lock}, … */
    public static final String LABEL_KIND = "kind";
    /** Label of {@link #JVM_GC_PAUSE_SECONDS}: {@code end of minor GC}, {@code end of major GC}, … */
    public static final String LABEL_ACTION = "action";
    /** Label of {@link #JVM_GC_PAUSE_SECONDS}: the GC cause, e.g. {@code G1 Evacuation Pause}. */
    public static final String LABEL_CAUSE = "cause";
    /** Label of {@link #WEFT_INFO}. */
    public static final String LABEL_VERSION = "version";

    /** The {@link #LABEL_STATE} value for thread ids that {@code getAllThreadIds()} reported as invalid (≤ 0). */
    public static final String STATE_UNKNOWN = "UNKNOWN";

    private MetricNames() {
    }
}
