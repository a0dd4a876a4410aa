package dev.weft.agent.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.GcPauseLedger;
import java.util.List;
import org.junit.jupiter.api.Test;

class GcPauseDetectorTest {

    private static final long MS = 1_000_000L;

    @Test
    void aLongPauseNamesCollectorCauseAndDurationAndClearsAMinuteAfterTheLast() {
        GcPauseLedger ledger = new GcPauseLedger();
        ledger.longPauseThreshold(500 * MS);
        GcPauseDetector d = new GcPauseDetector(500 * MS, 1000, ledger::drainLongPauses);
        ledger.record("G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 499 * MS, 499 * MS);
        assertEquals(List.of(), d.observe(0), "below the threshold: a healthy pause");

        ledger.record("G1 Old Generation", "end of major GC", "System.gc()", 900 * MS, 812_300_000L);
        List<Findings.Observation> o = d.observe(1000);
        assertEquals(1, o.size());
        assertEquals("G1 Old Generation", o.get(0).key());
        assertEquals("G1 Old Generation stopped the world for 812.3 ms (cause: System.gc(), end of major GC),"
                + " above gc.pause.threshold=500ms", o.get(0).summary());
        assertTrue(o.get(0).details().contains("longest pause: 812.3 ms (all pauses of that collection: 900.0 ms)"),
                o.get(0).details().toString());

        // Held while nothing new comes, for one minute after the last long pause; a shorter one keeps it.
        assertEquals(1, d.observe(30_000).size());
        ledger.record("G1 Old Generation", "end of major GC", "Allocation Failure", 600 * MS, 600 * MS);
        o = d.observe(40_000);
        assertTrue(o.get(0).summary().contains("812.3 ms"), "the longest is reported: " + o);
        assertTrue(o.get(0).details().contains("collections with a pause of at least 500ms since raised: 2"));
        assertEquals(1, d.observe(100_000).size());
        assertEquals(List.of(), d.observe(100_001));
    }

    @Test
    void theLedgerKeepsNothingWithoutAThresholdAndABoundedNumberWithOne() {
        GcPauseLedger ledger = new GcPauseLedger();
        ledger.record("Copy", "end of minor GC", "Allocation Failure", 10_000 * MS);
        assertEquals(List.of(), ledger.drainLongPauses(), "no threshold set: nothing kept");
        ledger.longPauseThreshold(MS);
        for (int i = 0; i < GcPauseLedger.MAX_LONG_PAUSES + 3; i++) {
            ledger.record("Copy", "end of minor GC", "Allocation Failure", 2 * MS);
        }
        assertEquals(GcPauseLedger.MAX_LONG_PAUSES, ledger.drainLongPauses().size());
        assertEquals(3, ledger.longPausesLost());
        assertEquals(List.of(), ledger.drainLongPauses());
    }
}
