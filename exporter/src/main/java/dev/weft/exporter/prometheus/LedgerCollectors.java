package dev.weft.exporter.prometheus;

import dev.weft.bridge.WeftBridge;
import dev.weft.bridge.WeftVirtualThreadBridge;
import dev.weft.instrumentation.ledger.Finding;
import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.ThreadLedger;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Collectors over the ledger: thread groups, virtual threads, findings. Everything is read from
 * counters the hooks and the monitor already maintain; no MXBean call, no safepoint per scrape.
 */
public final class LedgerCollectors {

    static final String POOL_CURRENT = "jvm_threads_pool_current";
    static final String POOL_STARTED = "jvm_threads_pool_started_total";
    static final String VIRTUAL_STARTED = "jvm_threads_virtual_started_total";
    static final String VIRTUAL_LIVE = "jvm_threads_virtual_live";
    static final String DEADLOCKED = "jvm_threads_deadlocked";
    static final String DEADLOCKED_MONITOR = "jvm_threads_deadlocked_monitor";
    static final String LEAK_SUSPECTED = "jvm_threads_leak_suspected";
    static final String STUCK = "jvm_threads_stuck";
    static final String FINDINGS_TOTAL = "weft_findings_total";
    static final String LABEL_POOL = "pool";
    static final String LABEL_KIND = "kind";
    /** Series per labelled findings gauge before the rest is summed under {@code pool="other"}. */
    static final int MAX_POOL_SERIES = 50;

    private LedgerCollectors() {
    }

    /**
     * Registers the thread-group, virtual-thread and findings families on Weft's private registry.
     *
     * @param registry Weft's private registry
     * @param threads  the thread ledger
     * @param findings the detectors' findings
     */
    public static void register(PrometheusRegistry registry, ThreadLedger threads, Findings findings) {
        Runnable onError = WeftBridge::countError;
        registry.register(new ThreadGroupsCollector(threads, WeftVirtualThreadBridge::startedTotal,
                WeftVirtualThreadBridge::doneTotal, threads::reconcile, onError));
        registry.register(new FindingsCollector(findings, onError));
    }

    /**
     * {@code jvm_threads_pool_current{pool}}, {@code jvm_threads_pool_started_total{pool}},
     * {@code jvm_threads_virtual_started_total}, {@code jvm_threads_virtual_live}.
     */
    static final class ThreadGroupsCollector extends GuardedCollector {
        static final MetricMetadata CURRENT = new MetricMetadata(POOL_CURRENT,
                "Live platform threads by group (thread name at start with digit runs replaced by #), top 50 groups plus other");
        static final MetricMetadata STARTED = new MetricMetadata(POOL_STARTED,
                "Platform threads started by group since the agent started, top 50 groups plus other");
        static final MetricMetadata V_STARTED = new MetricMetadata(VIRTUAL_STARTED,
                "Virtual threads started since the agent started");
        static final MetricMetadata V_LIVE = new MetricMetadata(VIRTUAL_LIVE,
                "Virtual threads started since the agent started and not yet terminated");

        private final ThreadLedger ledger;
        private final LongSupplier vStarted;
        private final LongSupplier vDone;
        private final Runnable refresh;

        ThreadGroupsCollector(ThreadLedger ledger, LongSupplier vStarted, LongSupplier vDone, Runnable onError) {
            this(ledger, vStarted, vDone, () -> { }, onError);
        }

        /**
         * @param refresh run before each collection: the agent reconciles the ledger with the live thread
         *                list there, so that threads the JVM starts itself (no hook sees them) are counted
         */
        ThreadGroupsCollector(ThreadLedger ledger, LongSupplier vStarted, LongSupplier vDone, Runnable refresh,
                              Runnable onError) {
            super(onError, List.of(
                    MetricFamilyDescriptor.of(MetricType.GAUGE, CURRENT, List.of(LABEL_POOL)),
                    MetricFamilyDescriptor.of(MetricType.COUNTER, STARTED, List.of(LABEL_POOL)),
                    MetricFamilyDescriptor.of(MetricType.COUNTER, V_STARTED),
                    MetricFamilyDescriptor.of(MetricType.GAUGE, V_LIVE)));
            this.ledger = Objects.requireNonNull(ledger);
            this.vStarted = vStarted;
            this.vDone = vDone;
            this.refresh = refresh;
        }

        @Override
        void collectInto(List<MetricSnapshot> out) {
            try {
                refresh.run();
                List<GaugeSnapshot.GaugeDataPointSnapshot> live = new ArrayList<>();
                List<CounterSnapshot.CounterDataPointSnapshot> started = new ArrayList<>();
                for (ThreadLedger.Group g : ledger.groups()) {
                    Labels l = Labels.of(LABEL_POOL, g.name());
                    live.add(new GaugeSnapshot.GaugeDataPointSnapshot(Math.max(0, g.live()), l, null));
                    started.add(new CounterSnapshot.CounterDataPointSnapshot(Math.max(0, g.startedTotal()), l, null, 0L));
                }
                out.add(new GaugeSnapshot(CURRENT, live));
                out.add(new CounterSnapshot(STARTED, started));
            } catch (Throwable t) {
                failed();
            }
            try {
                long s = vStarted.getAsLong();
                long d = vDone.getAsLong();
                out.add(new CounterSnapshot(V_STARTED, List.of(
                        new CounterSnapshot.CounterDataPointSnapshot(s, Labels.EMPTY, null, 0L))));
                // Virtual threads started before the hooks were in may end after: never below zero.
                out.add(new GaugeSnapshot(V_LIVE, List.of(
                        new GaugeSnapshot.GaugeDataPointSnapshot(Math.max(0, s - d), Labels.EMPTY, null))));
            } catch (Throwable t) {
                failed();
            }
        }
    }

    /**
     * {@code jvm_threads_deadlocked}, {@code jvm_threads_deadlocked_monitor} (the deadlock detector's
     * cached counts), {@code jvm_threads_leak_suspected{kind,pool}}, {@code jvm_threads_stuck{kind,pool}},
     * {@code weft_findings_total{kind}}.
     */
    static final class FindingsCollector extends GuardedCollector {
        static final MetricMetadata DL = new MetricMetadata(DEADLOCKED,
                "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors or ownable synchronizers");
        static final MetricMetadata DL_MONITOR = new MetricMetadata(DEADLOCKED_MONITOR,
                "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors");
        static final MetricMetadata LEAK = new MetricMetadata(LEAK_SUSPECTED,
                "Creation sites whose live threads keep growing over leak.window (active leak findings)");
        static final MetricMetadata STUCK_THREADS = new MetricMetadata(STUCK,
                "Threads in one wait or blocking read longer than stuck.threshold (active stuck findings)");
        static final MetricMetadata TOTAL = new MetricMetadata(FINDINGS_TOTAL,
                "Findings raised by Weft's detectors, by kind");

        private final Findings findings;

        FindingsCollector(Findings findings, Runnable onError) {
            super(onError, List.of(
                    MetricFamilyDescriptor.of(MetricType.GAUGE, DL),
                    MetricFamilyDescriptor.of(MetricType.GAUGE, DL_MONITOR),
                    MetricFamilyDescriptor.of(MetricType.GAUGE, LEAK, List.of(LABEL_KIND, LABEL_POOL)),
                    MetricFamilyDescriptor.of(MetricType.GAUGE, STUCK_THREADS, List.of(LABEL_KIND, LABEL_POOL)),
                    MetricFamilyDescriptor.of(MetricType.COUNTER, TOTAL, List.of(LABEL_KIND))));
            this.findings = Objects.requireNonNull(findings);
        }

        @Override
        void collectInto(List<MetricSnapshot> out) {
            out.add(gauge(DL, findings.deadlocked()));
            out.add(gauge(DL_MONITOR, findings.deadlockedMonitor()));
            List<Finding> active = findings.active();
            out.add(labelled(LEAK, active, "leak"));
            out.add(labelled(STUCK_THREADS, active, "stuck"));
            List<CounterSnapshot.CounterDataPointSnapshot> totals = new ArrayList<>();
            for (Map.Entry<String, Long> e : findings.raisedTotals().entrySet()) {
                totals.add(new CounterSnapshot.CounterDataPointSnapshot(e.getValue(),
                        Labels.of(LABEL_KIND, e.getKey()), null, 0L));
            }
            out.add(new CounterSnapshot(TOTAL, totals));
        }

        /**
         * Active findings of {@code kind} counted by their {@code kind} and {@code pool} labels: the
         * {@value #MAX_POOL_SERIES} largest (kind, pool) pairs, the rest summed under {@code pool="other"}
         * for their kind. No finding, no sample (an absent series, like any labelled gauge at zero).
         */
        private static GaugeSnapshot labelled(MetricMetadata m, List<Finding> active, String kind) {
            Map<List<String>, Integer> counts = new HashMap<>();
            for (Finding f : active) {
                if (f.kind().equals(kind)) {
                    counts.merge(List.of(f.labelKind().isEmpty() ? "other" : f.labelKind(),
                            f.pool().isEmpty() ? "unknown" : f.pool()), 1, Integer::sum);
                }
            }
            List<Map.Entry<List<String>, Integer>> sorted = new ArrayList<>(counts.entrySet());
            sorted.sort((a, b) -> b.getValue() - a.getValue());
            Map<List<String>, Integer> kept = new TreeMap<>(Comparator.comparing((List<String> l) -> l.get(0))
                    .thenComparing(l -> l.get(1)));
            for (int i = 0; i < sorted.size(); i++) {
                List<String> k = sorted.get(i).getKey();
                if (i >= MAX_POOL_SERIES) {
                    k = List.of(k.get(0), ThreadLedger.OTHER);
                }
                kept.merge(k, sorted.get(i).getValue(), Integer::sum);
            }
            List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>();
            for (Map.Entry<List<String>, Integer> e : kept.entrySet()) {
                points.add(new GaugeSnapshot.GaugeDataPointSnapshot(e.getValue(),
                        Labels.of(LABEL_KIND, e.getKey().get(0), LABEL_POOL, e.getKey().get(1)), null));
            }
            return new GaugeSnapshot(m, points);
        }

        private static GaugeSnapshot gauge(MetricMetadata m, double v) {
            return new GaugeSnapshot(m, List.of(new GaugeSnapshot.GaugeDataPointSnapshot(v, Labels.EMPTY, null)));
        }
    }
}
