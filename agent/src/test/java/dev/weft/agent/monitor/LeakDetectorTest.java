package dev.weft.agent.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.ThreadLedger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakDetectorTest {

    private static final long WINDOW = 1000;
    private static final long TICK = 100;

    private final ThreadLedger ledger = new ThreadLedger();
    private final List<Thread> started = new ArrayList<>();
    private final LeakDetector detector = new LeakDetector(ledger, WINDOW, TICK);

    private String prefix = "req-";

    /** Every thread "started" here shares one creation site. */
    private void start(int n) {
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> { }, prefix + started.size());
            started.add(t);
            ledger.starting(t, 0); // the creation site line
        }
    }

    private void exitAll() {
        for (Thread t : started) {
            ledger.exiting(t);
        }
    }

    @Test
    void steadyGrowthAcrossTheWindowIsALeakThatClearsWhenGrowthStops() {
        long raisedAt = -1;
        for (long t = 0; t <= WINDOW * 2; t += TICK) {
            start(2);
            List<Findings.Observation> obs = detector.observe(t);
            if (!obs.isEmpty() && raisedAt < 0) {
                raisedAt = t;
                Findings.Observation o = obs.get(0);
                assertTrue(o.location().matches("LeakDetectorTest\\.java:\\d+"), o.location());
                assertTrue(o.summary().startsWith((started.size()) + " live threads started at " + o.location()
                        + " (group \"req-#\"), +20 in the last 1s"), o.summary());
                assertTrue(o.details().get(0).startsWith("creation site: dev.weft.agent.monitor.LeakDetectorTest.start("),
                        o.details().toString());
                assertTrue(o.details().stream().anyMatch(d -> d.startsWith("  at dev.weft.agent.monitor.LeakDetectorTest.")),
                        o.details().toString());
            }
        }
        assertEquals(WINDOW, raisedAt, "raised as soon as a whole window of growth was seen");
        // Growth stops: still reported until a whole window passes without growth.
        long t = WINDOW * 2 + TICK;
        assertEquals(1, detector.observe(t).size());
        boolean cleared = false;
        for (t += TICK; t <= WINDOW * 4; t += TICK) {
            if (detector.observe(t).isEmpty()) {
                cleared = true;
                assertTrue(t >= WINDOW * 3, "cleared after a window without growth: " + t);
                break;
            }
        }
        assertTrue(cleared);
    }

    @Test
    void theGroupOfAHostileNameIsQuotedAndEscapedInTheSummary() {
        prefix = "le\"ak\n\u001b[31m-";
        List<Findings.Observation> obs = List.of();
        for (long t = 0; t <= WINDOW && obs.isEmpty(); t += TICK) {
            start(2);
            obs = detector.observe(t);
        }
        assertEquals(1, obs.size());
        assertTrue(obs.get(0).summary().contains(" (group \"le\\\"ak\\n\\u001b[#m-#\"), +"), obs.get(0).summary());
        assertEquals("le\"ak\n\u001b[#m-#", obs.get(0).pool(), "the label value is the group itself");
    }

    @Test
    void aPoolThatWarmsUpAndHoldsIsNotALeak() {
        for (long t = 0; t <= WINDOW * 5; t += TICK) {
            if (t == 0) {
                start(50);
            }
            assertEquals(List.of(), detector.observe(t), "at " + t);
        }
    }

    @Test
    void growthInOnlyPartOfTheWindowIsNotALeak() {
        for (long t = 0; t <= WINDOW * 3; t += TICK) {
            if (t % (WINDOW * 2) < WINDOW / 2) {
                start(5); // a burst in the first half of every other window, then nothing
            }
            assertEquals(List.of(), detector.observe(t), "at " + t);
        }
    }

    @Test
    void smallGrowthIsNotALeakAndThreadsThatEndAreForgotten() {
        for (long t = 0; t <= WINDOW * 3; t += TICK) {
            if (t % 200 == 0) {
                start(1); // +5 per window, below the minimum growth
            }
            assertEquals(List.of(), detector.observe(t));
        }
        exitAll();
        assertEquals(List.of(), detector.observe(WINDOW * 4));
    }

    @Test
    void aLeakInAHighRateGroupIsFoundFromSampledSitesAndSaysItIsAnEstimate() {
        ledger.siteSampling(0, 5); // every start beyond 0 per second: 1 in 5 walked, each counting 5
        Findings.Observation found = null;
        for (long t = 0; t <= WINDOW * 2 && found == null; t += TICK) {
            start(40); // ~8 sampled per tick, each counting 5
            List<Findings.Observation> obs = detector.observe(t);
            if (!obs.isEmpty()) {
                found = obs.get(0);
            }
        }
        assertTrue(found != null, "a leak seen through sampled sites");
        assertTrue(found.summary().startsWith("about "), found.summary());
        assertTrue(found.details().stream().anyMatch(d -> d.startsWith("estimated: ")), found.details().toString());
        assertTrue(found.location().matches("LeakDetectorTest\\.java:\\d+"), found.location());
    }
}
