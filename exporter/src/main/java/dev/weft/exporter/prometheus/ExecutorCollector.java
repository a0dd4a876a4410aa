package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.MetricNames.EXECUTOR_ACTIVE_THREADS;
import static dev.weft.exporter.prometheus.MetricNames.EXECUTOR_COMPLETED_TASKS_TOTAL;
import static dev.weft.exporter.prometheus.MetricNames.EXECUTOR_POOL_CORE_THREADS;
import static dev.weft.exporter.prometheus.MetricNames.EXECUTOR_POOL_MAX_THREADS;
import static dev.weft.exporter.prometheus.MetricNames.EXECUTOR_POOL_SIZE_THREADS;
import static dev.weft.exporter.prometheus.MetricNames.EXECUTOR_QUEUED_TASKS;
import static dev.weft.exporter.prometheus.MetricNames.EXECUTOR_QUEUE_REMAINING_TASKS;
import static dev.weft.exporter.prometheus.MetricNames.EXECUTOR_QUEUE_WAIT_SECONDS;
import static dev.weft.exporter.prometheus.MetricNames.EXECUTOR_REJECTED_TASKS_TOTAL;
import static dev.weft.exporter.prometheus.MetricNames.EXECUTOR_TASK_SECONDS;
import static dev.weft.exporter.prometheus.MetricNames.LABEL_NAME;
import static dev.weft.exporter.prometheus.MetricNames.LABEL_TYPE;

import dev.weft.instrumentation.ledger.ExecutorSeries;
import dev.weft.instrumentation.ledger.Timing;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The executor families of {@code DESIGN.md}, with Micrometer's names and HELP texts (so existing
 * dashboards keep working) and labels {@code name} and {@code type}: {@code executor_active_threads},
 * {@code executor_pool_size_threads}, {@code executor_pool_core_threads},
 * {@code executor_pool_max_threads}, {@code executor_queued_tasks},
 * {@code executor_queue_remaining_tasks} (only series with a bounded queue: Micrometer's
 * 2147483647 for "unbounded" is not a number anyone can alert on), {@code executor_completed_tasks_total}
 * and {@code executor_rejected_tasks_total}; and the histograms {@code executor_queue_wait_seconds}
 * and {@code executor_task_seconds} (fixed buckets 100 µs .. 10 s), each with a {@code _max} gauge
 * holding the largest value recorded in the last one to two minutes. Values are read from each pool's own getters at scrape
 * time (see {@code ExecutorLedger#series()}). A family with no series is left out. A fork-join pool
 * ({@code type="fork_join"}) has no maximum pool size, completed count or rejection count: those
 * series are left out rather than reported as zero; its {@code executor_pool_core_threads} is its
 * parallelism and its {@code executor_queued_tasks} its queued submissions plus queued tasks.
 */
final class ExecutorCollector extends GuardedCollector {

    static final String HELP_ACTIVE = "The approximate number of threads that are actively executing tasks";
    static final String HELP_POOL_SIZE = "The current number of threads in the pool";
    static final String HELP_CORE = "The core number of threads for the pool";
    static final String HELP_MAX = "The maximum allowed number of threads in the pool";
    static final String HELP_QUEUED = "The approximate number of tasks that are queued for execution";
    static final String HELP_REMAINING =
            "The number of additional elements that this queue can ideally accept without blocking (bounded queues only)";
    static final String HELP_COMPLETED = "The approximate total number of tasks that have completed execution";
    static final String HELP_REJECTED = "The total number of tasks the executor rejected";

    static final String HELP_WAIT = "Time tasks waited in the executor's queue, from submission"
            + " (for scheduled tasks, from when they were due) to start";
    static final String HELP_WAIT_MAX = "Largest queue wait recorded in the last one to two minutes";
    static final String HELP_RUN = "Time executor tasks ran, beforeExecute and afterExecute included";
    static final String HELP_RUN_MAX = "Largest task run time recorded in the last one to two minutes";

    private static final MetricMetadata WAIT = new MetricMetadata(EXECUTOR_QUEUE_WAIT_SECONDS, HELP_WAIT);
    private static final MetricMetadata WAIT_MAX = new MetricMetadata(EXECUTOR_QUEUE_WAIT_SECONDS + "_max", HELP_WAIT_MAX);
    private static final MetricMetadata RUN = new MetricMetadata(EXECUTOR_TASK_SECONDS, HELP_RUN);
    private static final MetricMetadata RUN_MAX = new MetricMetadata(EXECUTOR_TASK_SECONDS + "_max", HELP_RUN_MAX);

    private static final MetricMetadata ACTIVE = new MetricMetadata(EXECUTOR_ACTIVE_THREADS, HELP_ACTIVE);
    private static final MetricMetadata POOL_SIZE = new MetricMetadata(EXECUTOR_POOL_SIZE_THREADS, HELP_POOL_SIZE);
    private static final MetricMetadata CORE = new MetricMetadata(EXECUTOR_POOL_CORE_THREADS, HELP_CORE);
    private static final MetricMetadata MAX = new MetricMetadata(EXECUTOR_POOL_MAX_THREADS, HELP_MAX);
    private static final MetricMetadata QUEUED = new MetricMetadata(EXECUTOR_QUEUED_TASKS, HELP_QUEUED);
    private static final MetricMetadata REMAINING = new MetricMetadata(EXECUTOR_QUEUE_REMAINING_TASKS, HELP_REMAINING);
    private static final MetricMetadata COMPLETED = new MetricMetadata(EXECUTOR_COMPLETED_TASKS_TOTAL, HELP_COMPLETED);
    private static final MetricMetadata REJECTED = new MetricMetadata(EXECUTOR_REJECTED_TASKS_TOTAL, HELP_REJECTED);

    private static final List<String> LABELS = List.of(LABEL_NAME, LABEL_TYPE);

    private final Supplier<List<ExecutorSeries>> series;

    /**
     * @param series  the series to expose ({@code ExecutorLedger::series} in production)
     * @param onError called once for every swallowed failure
     */
    ExecutorCollector(Supplier<List<ExecutorSeries>> series, Runnable onError) {
        super(onError, List.of(
                MetricFamilyDescriptor.of(MetricType.GAUGE, ACTIVE, LABELS),
                MetricFamilyDescriptor.of(MetricType.GAUGE, POOL_SIZE, LABELS),
                MetricFamilyDescriptor.of(MetricType.GAUGE, CORE, LABELS),
                MetricFamilyDescriptor.of(MetricType.GAUGE, MAX, LABELS),
                MetricFamilyDescriptor.of(MetricType.GAUGE, QUEUED, LABELS),
                MetricFamilyDescriptor.of(MetricType.GAUGE, REMAINING, LABELS),
                MetricFamilyDescriptor.of(MetricType.COUNTER, COMPLETED, LABELS),
                MetricFamilyDescriptor.of(MetricType.COUNTER, REJECTED, LABELS),
                MetricFamilyDescriptor.of(MetricType.HISTOGRAM, WAIT, LABELS),
                MetricFamilyDescriptor.of(MetricType.GAUGE, WAIT_MAX, LABELS),
                MetricFamilyDescriptor.of(MetricType.HISTOGRAM, RUN, LABELS),
                MetricFamilyDescriptor.of(MetricType.GAUGE, RUN_MAX, LABELS)));
        this.series = Objects.requireNonNull(series, "series");
    }

    @Override
    void collectInto(List<MetricSnapshot> out) {
        List<ExecutorSeries> all = series.get();
        if (all.isEmpty()) {
            return;
        }
        List<Labels> labels = new ArrayList<>(all.size());
        for (ExecutorSeries s : all) {
            labels.add(Labels.of(LABEL_NAME, s.name(), LABEL_TYPE, s.type()));
        }
        out.add(gauge(ACTIVE, all, labels, ExecutorSeries::active));
        out.add(gauge(POOL_SIZE, all, labels, ExecutorSeries::poolSize));
        out.add(gauge(CORE, all, labels, ExecutorSeries::core));
        addIfAny(out, gauge(MAX, all, labels, ExecutorSeries::max));
        out.add(gauge(QUEUED, all, labels, ExecutorSeries::queued));
        addIfAny(out, gauge(REMAINING, all, labels, ExecutorSeries::queueRemaining));
        addIfAny(out, counter(COMPLETED, all, labels, ExecutorSeries::completed));
        addIfAny(out, counter(REJECTED, all, labels, ExecutorSeries::rejected));
        addTiming(out, WAIT, WAIT_MAX, all, labels, ExecutorSeries::queueWait);
        addTiming(out, RUN, RUN_MAX, all, labels, ExecutorSeries::run);
    }

    private static void addIfAny(List<MetricSnapshot> out, MetricSnapshot s) {
        if (!s.getDataPoints().isEmpty()) {
            out.add(s);
        }
    }

    /** A histogram and its {@code _max} gauge over the series that have run a task; nothing if none has. */
    private static void addTiming(List<MetricSnapshot> out, MetricMetadata histogram, MetricMetadata max,
            List<ExecutorSeries> all, List<Labels> labels, Function<ExecutorSeries, Timing> timing) {
        List<HistogramSnapshot.HistogramDataPointSnapshot> points = new ArrayList<>(all.size());
        List<GaugeSnapshot.GaugeDataPointSnapshot> maxima = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            Timing t = timing.apply(all.get(i));
            if (t == null) {
                continue;
            }
            points.add(new HistogramSnapshot.HistogramDataPointSnapshot(
                    ClassicHistogramBuckets.of(t.bounds(), t.buckets()), t.sumSeconds(), labels.get(i),
                    Exemplars.EMPTY, 0L));
            maxima.add(new GaugeSnapshot.GaugeDataPointSnapshot(t.maxSeconds(), labels.get(i), null));
        }
        if (!points.isEmpty()) {
            out.add(new HistogramSnapshot(histogram, points));
            out.add(new GaugeSnapshot(max, maxima));
        }
    }

    /** One data point per series; negative values (queue remaining of unbounded queues) are left out. */
    private static GaugeSnapshot gauge(MetricMetadata m, List<ExecutorSeries> all, List<Labels> labels,
            ToDoubleFunction<ExecutorSeries> value) {
        List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            double v = value.applyAsDouble(all.get(i));
            if (v >= 0) {
                points.add(new GaugeSnapshot.GaugeDataPointSnapshot(v, labels.get(i), null));
            }
        }
        return new GaugeSnapshot(m, points);
    }

    private static CounterSnapshot counter(MetricMetadata m, List<ExecutorSeries> all, List<Labels> labels,
            ToDoubleFunction<ExecutorSeries> value) {
        List<CounterSnapshot.CounterDataPointSnapshot> points = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            double v = value.applyAsDouble(all.get(i));
            if (v >= 0) { // fork-join pools have no completed count and no rejection hook
                points.add(new CounterSnapshot.CounterDataPointSnapshot(v, labels.get(i), null, 0L));
            }
        }
        return new CounterSnapshot(m, points);
    }
}
