package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.MetricNames.JVM_BLOCKING_IO_BYTES;
import static dev.weft.exporter.prometheus.MetricNames.JVM_BLOCKING_IO_SECONDS;
import static dev.weft.exporter.prometheus.MetricNames.LABEL_KIND;
import static dev.weft.exporter.prometheus.MetricNames.LABEL_THREAD_KIND;

import dev.weft.instrumentation.ledger.IoLedger;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jvm_blocking_io_seconds{kind,thread_kind}} (histogram, totals since the agent started, with the
 * same buckets as the other duration histograms), its {@code _max} gauge, and
 * {@code jvm_blocking_io_bytes_total{kind,thread_kind}}: always all 6 × 2 series.
 */
final class BlockingIoCollector extends GuardedCollector {

    static final String HELP = "Time threads spent in blocking socket and file calls (read, write, connect,"
            + " accept), by kind and thread kind; the agent's own threads are not counted.";
    static final String HELP_MAX = "Longest single blocking I/O call since the agent started, by kind and thread kind.";
    static final String HELP_BYTES = "Bytes moved by blocking socket and file reads and writes, by kind and thread kind.";

    private static final MetricMetadata SECONDS = new MetricMetadata(JVM_BLOCKING_IO_SECONDS, HELP, Unit.SECONDS);
    private static final MetricMetadata MAX = new MetricMetadata(JVM_BLOCKING_IO_SECONDS + "_max", HELP_MAX);
    private static final MetricMetadata BYTES = new MetricMetadata(JVM_BLOCKING_IO_BYTES, HELP_BYTES, Unit.BYTES);

    private final IoLedger ledger;

    BlockingIoCollector(IoLedger ledger, Runnable onError) {
        super(onError, List.of(
                MetricFamilyDescriptor.of(MetricType.HISTOGRAM, SECONDS, List.of(LABEL_KIND, LABEL_THREAD_KIND)),
                MetricFamilyDescriptor.of(MetricType.GAUGE, MAX, List.of(LABEL_KIND, LABEL_THREAD_KIND)),
                MetricFamilyDescriptor.of(MetricType.COUNTER, BYTES, List.of(LABEL_KIND, LABEL_THREAD_KIND))));
        this.ledger = ledger;
    }

    @Override
    void collectInto(List<MetricSnapshot> out) {
        List<HistogramSnapshot.HistogramDataPointSnapshot> hist = new ArrayList<>();
        List<GaugeSnapshot.GaugeDataPointSnapshot> max = new ArrayList<>();
        List<CounterSnapshot.CounterDataPointSnapshot> bytes = new ArrayList<>();
        for (int k = 0; k < IoLedger.KINDS.size(); k++) {
            for (int t = 0; t < IoLedger.THREAD_KINDS.size(); t++) {
                Labels labels = Labels.of(LABEL_KIND, IoLedger.KINDS.get(k), LABEL_THREAD_KIND, IoLedger.THREAD_KINDS.get(t));
                DurationHistograms.Points p = DurationHistograms.points(ledger.times(k, t), labels);
                hist.add(p.histogram());
                max.add(p.max());
                bytes.add(new CounterSnapshot.CounterDataPointSnapshot(ledger.bytes(k, t), labels, null, 0L));
            }
        }
        out.add(new HistogramSnapshot(SECONDS, hist));
        out.add(new GaugeSnapshot(MAX, max));
        out.add(new CounterSnapshot(BYTES, bytes));
    }
}
