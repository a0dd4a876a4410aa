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
    /** Histogram with labels {@link #LABEL_GC}, {@link #LABEL_ACTION}, {@link #LABEL_CAUSE}: stop-the-world pauses. */
    public static final String JVM_GC_PAUSE_SECONDS = "jvm_gc_pause_seconds";
    /** Gauge, same labels: the longest pause total of one collection. */
    public static final String JVM_GC_PAUSE_SECONDS_MAX = "jvm_gc_pause_seconds_max";
    /** Info metric with label {@link #LABEL_VERSION}; value always 1. */
    public static final String WEFT_INFO = "weft_info";
    /** Counter: failures inside the agent that were counted and swallowed. */
    public static final String WEFT_INTERNAL_ERRORS_TOTAL = "weft_internal_errors_total";

    /** Label of {@link #JVM_THREADS_STATE}. */
    public static final String LABEL_STATE = "state";
    /** Label of {@link #JVM_GC_COLLECTION_SECONDS}: the collector's MXBean name. */
    public static final String LABEL_GC = "gc";
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
