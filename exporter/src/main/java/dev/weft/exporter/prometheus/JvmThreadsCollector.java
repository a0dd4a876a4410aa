package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.MetricNames.JVM_THREADS_CURRENT;
import static dev.weft.exporter.prometheus.MetricNames.JVM_THREADS_DAEMON;
import static dev.weft.exporter.prometheus.MetricNames.JVM_THREADS_PEAK;
import static dev.weft.exporter.prometheus.MetricNames.JVM_THREADS_STARTED_TOTAL;
import static dev.weft.exporter.prometheus.MetricNames.JVM_THREADS_STATE;
import static dev.weft.exporter.prometheus.MetricNames.LABEL_STATE;
import static dev.weft.exporter.prometheus.MetricNames.STATE_UNKNOWN;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code jvm_threads_current}, {@code _daemon}, {@code _peak}, {@code jvm_threads_started_total}
 * and {@code jvm_threads_state{state}}, with the names, types and HELP texts of client_java's
 * {@code JvmThreadsMetrics}.
 *
 * <p>Thread states come from one {@code getThreadInfo(getAllThreadIds(), 0)} per scrape: depth 0
 * takes no stack traces and is not a safepoint. All seven {@code state} values are always emitted,
 * zeros included. As in client_java, thread ids {@code <= 0} are not passed to
 * {@code getThreadInfo} but counted as {@code UNKNOWN}, and {@code null} entries (threads that
 * ended between the two calls) are not counted at all. No deadlock families: {@code
 * findDeadlockedThreads} is a safepoint and is never called per scrape.
 *
 * <p>Each family is read separately: if one MXBean call throws, that family is left out of this
 * scrape and the failure is counted; the others are still exposed.
 */
final class JvmThreadsCollector extends GuardedCollector {

    static final String HELP_CURRENT = "Current thread count of a JVM";
    static final String HELP_DAEMON = "Daemon thread count of a JVM";
    static final String HELP_PEAK = "Peak thread count of a JVM";
    static final String HELP_STARTED = "Started thread count of a JVM";
    static final String HELP_STATE = "Current count of threads by state";

    private static final MetricMetadata CURRENT = new MetricMetadata(JVM_THREADS_CURRENT, HELP_CURRENT);
    private static final MetricMetadata DAEMON = new MetricMetadata(JVM_THREADS_DAEMON, HELP_DAEMON);
    private static final MetricMetadata PEAK = new MetricMetadata(JVM_THREADS_PEAK, HELP_PEAK);
    private static final MetricMetadata STARTED = new MetricMetadata(JVM_THREADS_STARTED_TOTAL, HELP_STARTED);
    private static final MetricMetadata STATE = new MetricMetadata(JVM_THREADS_STATE, HELP_STATE);

    private static final Thread.State[] STATES = Thread.State.values();
    /** One label set per {@link Thread.State}, by ordinal, then {@code UNKNOWN}; built once. */
    private static final Labels[] STATE_LABELS = new Labels[STATES.length + 1];

    static {
        for (Thread.State s : STATES) {
            STATE_LABELS[s.ordinal()] = Labels.of(LABEL_STATE, s.name());
        }
        STATE_LABELS[STATES.length] = Labels.of(LABEL_STATE, STATE_UNKNOWN);
    }

    private final ThreadMXBean threads;

    /**
     * @param threads the MXBean to read ({@code ManagementFactory.getThreadMXBean()} in production)
     * @param onError called once for every swallowed failure
     */
    JvmThreadsCollector(ThreadMXBean threads, Runnable onError) {
        super(onError, List.of(
                MetricFamilyDescriptor.of(MetricType.GAUGE, CURRENT),
                MetricFamilyDescriptor.of(MetricType.GAUGE, DAEMON),
                MetricFamilyDescriptor.of(MetricType.GAUGE, PEAK),
                MetricFamilyDescriptor.of(MetricType.COUNTER, STARTED),
                MetricFamilyDescriptor.of(MetricType.GAUGE, STATE, List.of(LABEL_STATE))));
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    @Override
    void collectInto(List<MetricSnapshot> out) {
        try {
            out.add(gauge(CURRENT, threads.getThreadCount()));
        } catch (Throwable t) {
            failed();
        }
        try {
            out.add(gauge(DAEMON, threads.getDaemonThreadCount()));
        } catch (Throwable t) {
            failed();
        }
        try {
            out.add(gauge(PEAK, threads.getPeakThreadCount()));
        } catch (Throwable t) {
            failed();
        }
        try {
            out.add(new CounterSnapshot(STARTED, List.of(
                    new CounterSnapshot.CounterDataPointSnapshot(
                            threads.getTotalStartedThreadCount(), Labels.EMPTY, null, 0L))));
        } catch (Throwable t) {
            failed();
        }
        try {
            out.add(states());
        } catch (Throwable t) {
            failed();
        }
    }

    private GaugeSnapshot states() {
        long[] ids = threads.getAllThreadIds();
        int valid = 0;
        for (long id : ids) {
            if (id > 0) {
                valid++;
            }
        }
        int unknown = ids.length - valid;
        long[] query = ids;
        if (unknown > 0) { // rare; never write into the array the MXBean handed out
            query = new long[valid];
            int i = 0;
            for (long id : ids) {
                if (id > 0) {
                    query[i++] = id;
                }
            }
        }
        ThreadInfo[] infos = threads.getThreadInfo(query, 0);

        long[] counts = new long[STATES.length];
        if (infos != null) {
            for (ThreadInfo info : infos) {
                if (info == null) {
                    continue; // ended between getAllThreadIds and getThreadInfo
                }
                Thread.State state = info.getThreadState();
                if (state != null) {
                    counts[state.ordinal()]++;
                }
            }
        }
        List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>(STATES.length + 1);
        for (int i = 0; i < STATES.length; i++) {
            points.add(new GaugeSnapshot.GaugeDataPointSnapshot(counts[i], STATE_LABELS[i], null));
        }
        points.add(new GaugeSnapshot.GaugeDataPointSnapshot(unknown, STATE_LABELS[STATES.length], null));
        return new GaugeSnapshot(STATE, points);
    }

    private static GaugeSnapshot gauge(MetricMetadata metadata, double value) {
        return new GaugeSnapshot(metadata, List.of(
                new GaugeSnapshot.GaugeDataPointSnapshot(value, Labels.EMPTY, null)));
    }
}
