package dev.weft.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.instrumentation.ledger.GcPauseLedger;
import dev.weft.instrumentation.ledger.LockLedger;
import org.junit.jupiter.api.Test;

class WaitCollectorsTest {

    private final Fakes.Errors errors = new Fakes.Errors();

    @Test
    void lockContentionExactTextFormat() {
        LockLedger ledger = new LockLedger();
        ledger.recordMonitor(25_000_000);             // 25 ms
        ledger.contention(1).record(50_000);          // reentrant_lock 50 µs
        ledger.contention(1).record(2_000_000);       // 2 ms
        ledger.contention(1).record(12_000_000_000L); // 12 s

        assertEquals(""
                + "# HELP jvm_lock_contention_seconds " + LockContentionCollector.HELP + "\n"
                + "# TYPE jvm_lock_contention_seconds histogram\n"
                + buckets("monitor", 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1) + "jvm_lock_contention_seconds_count{kind=\"monitor\"} 1\n"
                + "jvm_lock_contention_seconds_sum{kind=\"monitor\"} 0.025\n"
                + buckets("other", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) + "jvm_lock_contention_seconds_count{kind=\"other\"} 0\n"
                + "jvm_lock_contention_seconds_sum{kind=\"other\"} 0.0\n"
                + buckets("read_write_lock", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                + "jvm_lock_contention_seconds_count{kind=\"read_write_lock\"} 0\n"
                + "jvm_lock_contention_seconds_sum{kind=\"read_write_lock\"} 0.0\n"
                + buckets("reentrant_lock", 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3)
                + "jvm_lock_contention_seconds_count{kind=\"reentrant_lock\"} 3\n"
                + "jvm_lock_contention_seconds_sum{kind=\"reentrant_lock\"} 12.00205\n"
                + buckets("stamped_lock", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                + "jvm_lock_contention_seconds_count{kind=\"stamped_lock\"} 0\n"
                + "jvm_lock_contention_seconds_sum{kind=\"stamped_lock\"} 0.0\n"
                + "# HELP jvm_lock_contention_seconds_max " + LockContentionCollector.HELP_MAX + "\n"
                + "# TYPE jvm_lock_contention_seconds_max gauge\n"
                + "jvm_lock_contention_seconds_max{kind=\"monitor\"} 0.025\n"
                + "jvm_lock_contention_seconds_max{kind=\"other\"} 0.0\n"
                + "jvm_lock_contention_seconds_max{kind=\"read_write_lock\"} 0.0\n"
                + "jvm_lock_contention_seconds_max{kind=\"reentrant_lock\"} 12.0\n"
                + "jvm_lock_contention_seconds_max{kind=\"stamped_lock\"} 0.0\n",
                Fakes.text(new LockContentionCollector(ledger, errors)));
        assertEquals(0, errors.get());
    }

    @Test
    void gcPauseExactTextFormat() {
        GcPauseLedger ledger = new GcPauseLedger();
        ledger.record("G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 3_000_000);
        ledger.record("G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 1_000_000);
        String text = Fakes.text(new GcPauseCollector(ledger, errors));
        String labels = "action=\"end of minor GC\",cause=\"G1 Evacuation Pause\",gc=\"G1 Young Generation\"";
        assertEquals(""
                + "# HELP jvm_gc_pause_seconds " + GcPauseCollector.HELP + "\n"
                + "# TYPE jvm_gc_pause_seconds histogram\n"
                + "jvm_gc_pause_seconds_bucket{" + labels + ",le=\"1.0E-4\"} 0\n"
                + "jvm_gc_pause_seconds_bucket{" + labels + ",le=\"0.001\"} 1\n"
                + "jvm_gc_pause_seconds_bucket{" + labels + ",le=\"0.005\"} 2\n"
                + "jvm_gc_pause_seconds_bucket{" + labels + ",le=\"0.01\"} 2\n"
                + "jvm_gc_pause_seconds_bucket{" + labels + ",le=\"0.05\"} 2\n"
                + "jvm_gc_pause_seconds_bucket{" + labels + ",le=\"0.1\"} 2\n"
                + "jvm_gc_pause_seconds_bucket{" + labels + ",le=\"0.5\"} 2\n"
                + "jvm_gc_pause_seconds_bucket{" + labels + ",le=\"1.0\"} 2\n"
                + "jvm_gc_pause_seconds_bucket{" + labels + ",le=\"5.0\"} 2\n"
                + "jvm_gc_pause_seconds_bucket{" + labels + ",le=\"10.0\"} 2\n"
                + "jvm_gc_pause_seconds_bucket{" + labels + ",le=\"+Inf\"} 2\n"
                + "jvm_gc_pause_seconds_count{" + labels + "} 2\n"
                + "jvm_gc_pause_seconds_sum{" + labels + "} 0.004\n"
                + "# HELP jvm_gc_pause_seconds_max " + GcPauseCollector.HELP_MAX + "\n"
                + "# TYPE jvm_gc_pause_seconds_max gauge\n"
                + "jvm_gc_pause_seconds_max{" + labels + "} 0.003\n",
                text);
        assertEquals(0, errors.get());
    }

    @Test
    void gcPauseFamiliesAreAbsentBeforeTheFirstCollection() {
        assertEquals("", Fakes.text(new GcPauseCollector(new GcPauseLedger(), errors)));
    }

    @Test
    void gcLabelSetsAreBounded() {
        GcPauseLedger ledger = new GcPauseLedger();
        for (int i = 0; i < GcPauseLedger.MAX_SERIES + 10; i++) {
            ledger.record("G1 Young Generation", "end of minor GC", "cause " + i, 1_000_000);
        }
        assertEquals(GcPauseLedger.MAX_SERIES + 1, ledger.series().size());
        assertEquals(10, ledger.seriesDropped());
    }

    private static String buckets(String kind, long... cumulative) {
        String[] le = {"1.0E-4", "0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1.0", "5.0", "10.0", "+Inf"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < le.length; i++) {
            sb.append("jvm_lock_contention_seconds_bucket{kind=\"").append(kind).append("\",le=\"").append(le[i])
                    .append("\"} ").append(cumulative[i]).append('\n');
        }
        return sb.toString();
    }
}
