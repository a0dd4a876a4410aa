package dev.weft.exporter.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.ThreadLedger;
import dev.weft.instrumentation.ledger.ThreadRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadGroupsTest {

    private static final StackTraceElement PARK = new StackTraceElement("jdk.internal.misc.Unsafe", "park", null, -2);
    private static final StackTraceElement APP = new StackTraceElement("com.example.App", "work", "App.java", 42);
    private static final StackTraceElement READ = new StackTraceElement("com.example.Io", "read", "Io.java", 7);

    @Test
    void groupsByIdenticalStackLargestFirstWithStatesAgesAndEscapedNames() {
        Map<Long, ThreadRecord> records = new HashMap<>();
        records.put(1L, new ThreadRecord(null, 10_000, "main", false, "w-#", null));
        records.put(2L, new ThreadRecord(null, 4_000, "main", false, "w-#", null));
        records.put(3L, new ThreadRecord(null, 9_000, "", true, "io", null));
        List<ThreadSample> samples = new ArrayList<>();
        samples.add(new ThreadSample(1, "w-1", Thread.State.WAITING, List.of(PARK, APP), "lock@1", "main"));
        samples.add(new ThreadSample(2, "w\n\"2\"\\", Thread.State.TIMED_WAITING, List.of(PARK, APP), null, null));
        samples.add(null); // ended during the dump
        samples.add(new ThreadSample(3, "", Thread.State.RUNNABLE, List.of(READ), null, null));
        ThreadGroups g = ThreadGroups.of(samples, records::get, 12_000, 5, 64);

        assertEquals(""
                + "threads: 3 in 2 groups by identical stack, largest first (platform threads; stacks cut at 64 frames)\n"
                + "not shown: 5 threads beyond the per-request bound\n"
                + "\n"
                + "2 threads: WAITING 1, TIMED_WAITING 1; age 2.0s (youngest) to 8.0s (oldest)\n"
                + "  names: \"w-1\", \"w\\n\\\"2\\\"\\\\\"\n"
                + "  waiting for \"lock@1\" held by \"main\"\n"
                + "  created at: unknown (2)\n"
                + "    at jdk.internal.misc.Unsafe.park(Native Method)\n"
                + "    at com.example.App.work(App.java:42)\n"
                + "\n"
                + "1 thread: RUNNABLE 1; age 3.0s (youngest) to 3.0s (oldest); 1 already running when Weft started"
                + " (age since then)\n"
                + "  names: \"\"\n"
                + "  created at: unknown (1)\n"
                + "    at com.example.Io.read(Io.java:7)\n",
                g.text());
        assertEquals("{\"threads\":3,\"notShown\":5,\"maxDepth\":64,\"groups\":["
                + "{\"count\":2,\"states\":{\"WAITING\":1,\"TIMED_WAITING\":1},\"youngestAgeMillis\":2000,"
                + "\"oldestAgeMillis\":8000,\"preexisting\":0,\"names\":[\"w-1\",\"w\\n\\\"2\\\"\\\\\"],"
                + "\"lock\":\"lock@1\",\"lockOwner\":\"main\",\"creationSites\":[],\"unknownCreationSite\":2,"
                + "\"stack\":[\"jdk.internal.misc.Unsafe.park(Native Method)\",\"com.example.App.work(App.java:42)\"]},"
                + "{\"count\":1,\"states\":{\"RUNNABLE\":1},\"youngestAgeMillis\":3000,\"oldestAgeMillis\":3000,"
                + "\"preexisting\":1,\"names\":[\"\"],\"lock\":null,\"lockOwner\":null,\"creationSites\":[],"
                + "\"unknownCreationSite\":1,\"stack\":[\"com.example.Io.read(Io.java:7)\"]}]}",
                g.json());
    }

    @Test
    void creationSitesComeFromTheLedger() {
        ThreadLedger ledger = new ThreadLedger();
        Thread t = new Thread(() -> { }, "made-1");
        ledger.starting(t, 0);
        List<ThreadSample> samples = List.of(new ThreadSample(t.getId(), "made-1", Thread.State.NEW, List.of(APP),
                null, null));
        ThreadGroups g = ThreadGroups.of(samples, ledger::get, System.currentTimeMillis(), 0, 64);
        String text = g.text();
        assertTrue(text.matches("(?s).*  created at ThreadGroupsTest\\.java:\\d+ by dev\\.weft\\.exporter\\.threads"
                + "\\.ThreadGroupsTest\\.creationSitesComeFromTheLedger\\(ThreadGroupsTest\\.java:\\d+\\) \\(1\\)\n.*"),
                text);
        assertTrue(g.json().contains("\"creationSites\":[{\"location\":\"ThreadGroupsTest.java:"), g.json());
    }
}
