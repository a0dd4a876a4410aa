package dev.weft.agent.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.Findings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcOverheadDetectorTest {

    private static final long MS = 1_000_000L;

    @Test
    void raisedWhenPausesTakeMoreThanTheThresholdOfTheWindow() {
        Map<String, Long> paused = new HashMap<>();
        GcOverheadDetector d = new GcOverheadDetector(5, 10_000, 1000, () -> paused);
        // A healthy service: 2% of the time in young pauses, at every tick.
        for (long t = 0; t <= 20_000; t += 1000) {
            paused.put("G1 Young Generation", t * MS / 50);
            assertEquals(List.of(), d.observe(t), "at " + t);
        }
        // Then 10% for a full window, in the old collector.
        long old = 0;
        List<Findings.Observation> o = List.of();
        for (long t = 21_000; t <= 31_000; t += 1000) {
            paused.put("G1 Young Generation", t * MS / 50);
            old += 80 * MS;
            paused.put("G1 Old Generation", old);
            o = d.observe(t);
        }
        assertEquals(1, o.size());
        assertTrue(o.get(0).summary().startsWith("GC pauses stopped the application 10.0% of the last 10s, above"
                + " gc.overhead.threshold=5%"), o.get(0).summary());
        assertTrue(o.get(0).details().contains("G1 Old Generation: 0.800 s paused"), o.get(0).details().toString());
        // Back to 2%: cleared once the window no longer holds the bad period.
        for (long t = 32_000; t <= 42_000; t += 1000) {
            paused.put("G1 Young Generation", t * MS / 50);
            o = d.observe(t);
        }
        assertEquals(List.of(), o);
    }

    @Test
    void nothingBeforeOneFullWindow() {
        Map<String, Long> paused = new HashMap<>();
        GcOverheadDetector d = new GcOverheadDetector(5, 10_000, 1000, () -> paused);
        paused.put("Copy", 0L);
        assertEquals(List.of(), d.observe(0));
        paused.put("Copy", 5000 * MS); // 100% of five seconds, but only half a window seen
        assertEquals(List.of(), d.observe(5000));
        paused.put("Copy", 10_000 * MS);
        assertEquals(1, d.observe(10_000).size());
    }
}
