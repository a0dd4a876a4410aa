package dev.weft.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.ThreadLedger;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LedgerCollectorsTest {

    private final Fakes.Errors errors = new Fakes.Errors();

    @Test
    void threadGroupsExactText() {
        ThreadLedger ledger = new ThreadLedger();
        Thread a1 = new Thread(() -> { }, "pool-1-thread-1");
        ledger.starting(a1, 0);
        ledger.starting(new Thread(() -> { }, "pool-1-thread-2"), 0);
        ledger.starting(new Thread(() -> { }, "we\"ird\n7"), 0);
        ledger.exiting(a1);
        var collector = new LedgerCollectors.ThreadGroupsCollector(ledger, () -> 10, () -> 4, errors);
        String text = Fakes.text(collector);
        assertEquals(""
                + "# HELP jvm_threads_pool_current Live platform threads by group (thread name at start with digit"
                + " runs replaced by #), top 50 groups plus other\n"
                + "# TYPE jvm_threads_pool_current gauge\n"
                + "jvm_threads_pool_current{pool=\"pool-#-thread-#\"} 1.0\n"
                + "jvm_threads_pool_current{pool=\"we\\\"ird\\n#\"} 1.0\n"
                + "# HELP jvm_threads_pool_started_total Platform threads started by group since the agent started,"
                + " top 50 groups plus other\n"
                + "# TYPE jvm_threads_pool_started_total counter\n"
                + "jvm_threads_pool_started_total{pool=\"pool-#-thread-#\"} 2.0\n"
                + "jvm_threads_pool_started_total{pool=\"we\\\"ird\\n#\"} 1.0\n"
                + "# HELP jvm_threads_virtual_live Virtual threads started since the agent started and not yet"
                + " terminated\n"
                + "# TYPE jvm_threads_virtual_live gauge\n"
                + "jvm_threads_virtual_live 6.0\n"
                + "# HELP jvm_threads_virtual_started_total Virtual threads started since the agent started\n"
                + "# TYPE jvm_threads_virtual_started_total counter\n"
                + "jvm_threads_virtual_started_total 10.0\n",
                text);
        assertEquals(0, errors.get());
    }

    @Test
    void findingsExactText() {
        Findings findings = new Findings();
        findings.declare(Set.of("deadlock", "leak", "thread_count"));
        findings.update("leak", List.of(new Findings.Observation("k", "s", "A.java:1", List.of(), "threads", "req-#")),
                1);
        findings.deadlockCounts(2, 0);
        var collector = new LedgerCollectors.FindingsCollector(findings, errors);
        assertEquals(""
                + "# HELP jvm_threads_deadlocked Cycles of JVM-threads that are in deadlock waiting to acquire"
                + " object monitors or ownable synchronizers\n"
                + "# TYPE jvm_threads_deadlocked gauge\n"
                + "jvm_threads_deadlocked 2.0\n"
                + "# HELP jvm_threads_deadlocked_monitor Cycles of JVM-threads that are in deadlock waiting to"
                + " acquire object monitors\n"
                + "# TYPE jvm_threads_deadlocked_monitor gauge\n"
                + "jvm_threads_deadlocked_monitor 0.0\n"
                + "# HELP jvm_threads_leak_suspected Creation sites whose live threads keep growing over"
                + " leak.window (active leak findings)\n"
                + "# TYPE jvm_threads_leak_suspected gauge\n"
                + "jvm_threads_leak_suspected{kind=\"threads\",pool=\"req-#\"} 1.0\n"
                // no stuck finding: no jvm_threads_stuck series (the writer omits a family without samples)
                + "# HELP weft_findings_total Findings raised by Weft's detectors, by kind\n"
                + "# TYPE weft_findings_total counter\n"
                + "weft_findings_total{kind=\"deadlock\"} 0.0\n"
                + "weft_findings_total{kind=\"leak\"} 1.0\n"
                + "weft_findings_total{kind=\"thread_count\"} 0.0\n",
                Fakes.text(collector));
        assertEquals(0, errors.get());
    }

    @Test
    void findingGaugesAreBoundedToFiftyPoolsPerKindPlusOther() {
        Findings findings = new Findings();
        List<Findings.Observation> stuck = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            stuck.add(new Findings.Observation("t" + i, "s", "", List.of(), "lock", "pool \"" + i + "\"\n"));
        }
        stuck.add(new Findings.Observation("x", "s", "", List.of(), "lock", "pool \"0\"\n"));
        findings.update("stuck", stuck, 1);
        String text = Fakes.text(new LedgerCollectors.FindingsCollector(findings, errors));
        long series = text.lines().filter(l -> l.startsWith("jvm_threads_stuck{")).count();
        assertEquals(51, series, text);
        assertTrue(text.contains("jvm_threads_stuck{kind=\"lock\",pool=\"pool \\\"0\\\"\\n\"} 2.0\n"), text);
        assertTrue(text.contains("jvm_threads_stuck{kind=\"lock\",pool=\"other\"} 10.0\n"), text);
        assertEquals(0, errors.get());
    }
}
