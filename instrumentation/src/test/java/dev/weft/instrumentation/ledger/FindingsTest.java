package dev.weft.instrumentation.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FindingsTest {

    private static Findings.Observation obs(String key) {
        return new Findings.Observation(key, "summary " + key, "App.java:1", List.of("detail"));
    }

    @Test
    void eachFindingIsRaisedOnceAndClearedOnce() {
        Findings f = new Findings();
        f.declare(Set.of("deadlock", "leak"));
        assertEquals(Map.of("deadlock", 0L, "leak", 0L), f.raisedTotals());

        Findings.Changes c1 = f.update("leak", List.of(obs("a")), 1000);
        assertEquals(1, c1.raised().size());
        assertEquals(0, c1.cleared().size());

        Findings.Changes c2 = f.update("leak", List.of(obs("a"), obs("b")), 2000);
        assertEquals(List.of("b"), c2.raised().stream().map(Finding::key).toList());
        assertEquals(1000, f.active().get(0).firstSeenMillis());
        assertEquals(2000, f.active().get(0).lastSeenMillis());

        Findings.Changes c3 = f.update("leak", List.of(obs("b")), 3000);
        assertEquals(0, c3.raised().size());
        assertEquals(List.of("a"), c3.cleared().stream().map(Finding::key).toList());
        assertEquals(3000, c3.cleared().get(0).clearedMillis());

        assertEquals(0, f.update("leak", List.of(obs("b")), 4000).cleared().size());
        assertEquals(1, f.activeCount("leak"));
        assertEquals(Map.of("deadlock", 0L, "leak", 2L), f.raisedTotals());
        assertEquals(1, f.cleared().size());
        assertTrue(f.active().stream().allMatch(Finding::active));
        // Another kind's update does not touch this kind.
        f.update("deadlock", List.of(), 5000);
        assertEquals(1, f.activeCount("leak"));
    }

    @Test
    void clearedFindingsAreBounded() {
        Findings f = new Findings();
        for (int i = 0; i < Findings.MAX_CLEARED + 10; i++) {
            f.update("leak", List.of(obs("k" + i)), i * 2L);
            f.update("leak", List.of(), i * 2L + 1);
        }
        assertEquals(Findings.MAX_CLEARED, f.cleared().size());
        assertEquals("k" + (Findings.MAX_CLEARED + 9), f.cleared().get(0).key());
    }
}
