package dev.weft.agent.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bridge.WeftIoBridge;
import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.IoLedger;
import dev.weft.instrumentation.ledger.ThreadNamePatterns;
import java.util.List;
import org.junit.jupiter.api.Test;

class NonBlockingDetectorTest {

    @Test
    void oneFindingPerGroupAndSiteClearedAfterTheQuietPeriod() throws Exception {
        IoLedger io = new IoLedger();
        io.nonBlockingThreads(ThreadNamePatterns.of(List.of("loop-*")));
        for (String name : List.of("loop-1", "loop-2", "worker-1")) {
            Thread t = new Thread(() -> io.io(WeftIoBridge.FILE_READ, 1_000L, 10), name);
            t.start();
            t.join();
        }
        NonBlockingDetector d = new NonBlockingDetector(io.nonBlocking(), "loop-*", 60_000, 1_000);
        long now = System.currentTimeMillis();
        List<Findings.Observation> seen = d.observe(now);
        assertEquals(1, seen.size(), "loop-1 and loop-2 are one group at one site: " + seen);
        Findings.Observation o = seen.get(0);
        assertTrue(o.summary().matches("\"loop-\\d\" \\(group \"loop-#\"\\) made a blocking file_read call at "
                + "NonBlockingDetectorTest\\.java:\\d+ on a thread declared non-blocking \\(nonblocking\\.threads=loop-\\*\\)"),
                o.summary());
        assertTrue(o.location().startsWith("NonBlockingDetectorTest.java:"), o.location());
        assertTrue(o.details().get(2).startsWith("  at dev.weft.agent.monitor.NonBlockingDetectorTest.lambda$"),
                o.details().toString());
        assertEquals(1, d.observe(now + 59_000).size());
        assertEquals(0, d.observe(now + 61_000).size(), "quiet for longer than nonblocking.quiet");
    }
}
