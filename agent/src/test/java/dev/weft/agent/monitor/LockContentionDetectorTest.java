package dev.weft.agent.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.ContentionSites;
import dev.weft.instrumentation.ledger.DurationRecorder;
import dev.weft.instrumentation.ledger.Findings;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;

class LockContentionDetectorTest {

    private static final long MS = 1_000_000L;

    @Test
    void raisedForTheKindWhoseP99IsAboveTheThresholdInTheWindow() {
        DurationRecorder[] r = {new DurationRecorder(), new DurationRecorder()};
        ContentionSites sites = new ContentionSites();
        LockContentionDetector d = new LockContentionDetector(100 * MS, 10_000, 1000,
                List.of("monitor", "reentrant_lock"), i -> r[i], sites::byTotal);
        assertEquals(List.of(), d.observe(0));
        // A busy healthy window: 1000 short waits on both kinds, 1% (10) of them slow: p99 not above.
        for (int i = 0; i < 990; i++) {
            r[0].record(2 * MS);
            r[1].record(2 * MS);
        }
        for (int i = 0; i < 10; i++) {
            r[0].record(150 * MS);
            r[1].record(150 * MS);
        }
        assertEquals(List.of(), d.observe(10_000));
        // Next window: 30 reentrant_lock waits of which 5 are slow (17%).
        for (int i = 0; i < 25; i++) {
            r[1].record(MS);
        }
        for (int i = 0; i < 5; i++) {
            r[1].record(300 * MS);
            sites.record(ReentrantLock.class, "reentrant_lock", 300 * MS); // acquired here, as far as the sites know
        }
        sites.record(ReentrantReadWriteLock.class, "read_write_lock", 300 * MS);
        List<Findings.Observation> o = d.observe(20_000);
        assertEquals(1, o.size(), o.toString());
        assertEquals("reentrant_lock", o.get(0).key());
        assertEquals("p99 of contended reentrant_lock acquisitions over the last 10s is at most 500 ms, above"
                + " lock.contention.threshold=100ms", o.get(0).summary());
        assertTrue(o.get(0).details().contains("contended acquisitions in the window: 30"));
        assertTrue(o.get(0).details().contains("waited longer than 100ms: 5"));
        String site = "dev.weft.agent.monitor.LockContentionDetectorTest.raisedForTheKindWhoseP99IsAboveTheThresholdInTheWindow"
                + "(LockContentionDetectorTest.java:";
        assertTrue(o.get(0).location().startsWith(site), o.get(0).location());
        assertTrue(o.get(0).details().get(2).startsWith("lock java.util.concurrent.locks.ReentrantLock acquired at " + site),
                o.get(0).details().toString());
        assertTrue(o.get(0).details().get(2).endsWith(": 5 slow waits since start, 1.5 s in total, longest 300 ms"),
                o.get(0).details().toString());
        assertEquals(4, o.get(0).details().size(), "only the kind's own sites: " + o.get(0).details());
        // A quiet window clears it.
        assertEquals(List.of(), d.observe(30_000));
    }

    @Test
    void aHandfulOfSlowWaitsOnAQuietServiceRaisesNothing() {
        DurationRecorder r = new DurationRecorder();
        LockContentionDetector d = new LockContentionDetector(100 * MS, 10_000, 1000, List.of("other"), i -> r, List::of);
        d.observe(0);
        for (int i = 0; i < LockContentionDetector.MIN_ACQUISITIONS - 1; i++) {
            r.record(5_000 * MS);
        }
        assertEquals(List.of(), d.observe(10_000));
    }
}
