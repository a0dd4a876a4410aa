package dev.weft.agent.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.ThreadLedger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorTest {

    private List<Findings.Observation> now = List.of();
    private int runs;

    private final Detector fake = new Detector() {
        @Override
        public String kind() {
            return "leak";
        }

        @Override
        public long intervalMillis() {
            return 1000;
        }

        @Override
        public List<Findings.Observation> observe(long nowMillis) {
            runs++;
            return now;
        }
    };

    private final Detector failing = new Detector() {
        @Override
        public String kind() {
            return "deadlock";
        }

        @Override
        public long intervalMillis() {
            return 1;
        }

        @Override
        public List<Findings.Observation> observe(long nowMillis) {
            throw new IllegalStateException("boom");
        }
    };

    @Test
    void reportsEachFindingOnceWhenRaisedAndOnceWhenClearedAndRunsDetectorsOnTheirInterval() {
        Findings findings = new Findings();
        List<List<String>> reports = new ArrayList<>();
        Monitor m = new Monitor(100, List.of(fake, failing), findings, new ThreadLedger(), reports::add);
        now = List.of(new Findings.Observation("k", "12 live threads started at A.java:3", "A.java:3",
                List.of("creation site: A.run(A.java:3)", "  at A.run(A.java:3)")));
        m.tick(1000);
        m.tick(1100); // not due: interval 1000 ms
        m.tick(2000);
        assertEquals(2, runs);
        assertEquals(List.of(List.of("leak: 12 live threads started at A.java:3", "creation site: A.run(A.java:3)",
                "  at A.run(A.java:3)")), reports);
        now = List.of();
        m.tick(3000);
        m.tick(4000);
        assertEquals(2, reports.size());
        assertEquals(List.of("leak cleared: 12 live threads started at A.java:3"), reports.get(1));
        assertEquals(5, findings.runs());
        assertEquals(1L, findings.raisedTotals().get("leak"));
        assertEquals(0L, findings.raisedTotals().get("deadlock"), "a failing detector raises nothing");
        assertEquals(1, findings.cleared().size());
    }
}
