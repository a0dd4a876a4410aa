package dev.weft.agent.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.ExecutorState;
import dev.weft.instrumentation.ledger.Findings;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The saturation and rejection rules on pool states made up tick by tick. */
class PoolDetectorsTest {

    private final List<ExecutorState> now = new ArrayList<>();

    private static ExecutorState pool(int active, int max, long queued, long rejected) {
        StackTraceElement built = new StackTraceElement("com.example.App", "main", "App.java", 42);
        return new ExecutorState(7, "work-#", "thread_pool", "ThreadPoolExecutor@App.java:42", List.of(built),
                active, max, max, max, queued, 0, rejected, List.of());
    }

    private List<Findings.Observation> tick(ScheduledDetector d, long millis, ExecutorState s) {
        now.clear();
        now.add(s);
        return d.observe(millis);
    }

    @Test
    void saturatedOnlyWhenEveryRunOfAWindowFindsAllThreadsBusyAndTheQueueGrew() {
        SaturationDetector d = new SaturationDetector(() -> now, ManagementFactory.getThreadMXBean(), 2000, 100);
        assertTrue(tick(d, 0, pool(4, 4, 3, 0)).isEmpty());
        assertTrue(tick(d, 1000, pool(4, 4, 5, 0)).isEmpty(), "not a whole window yet");
        List<Findings.Observation> raised = tick(d, 2000, pool(4, 4, 9, 0));
        assertEquals(1, raised.size());
        Findings.Observation o = raised.get(0);
        assertEquals("pool \"work-#\" (thread_pool, built at App.java:42) saturated for 2s: all 4 threads busy,"
                + " queue grew from 3 to 9", o.summary());
        assertEquals("App.java:42", o.location());
        assertTrue(o.details().contains("  at com.example.App.main(App.java:42)"), o.details().toString());
        assertEquals(1, tick(d, 3000, pool(4, 4, 2, 0)).size(), "stays raised while busy with a queue");
        assertTrue(tick(d, 4000, pool(3, 4, 2, 0)).isEmpty(), "a free thread clears it");
    }

    @Test
    void aBusyPoolThatKeepsUpOrHoldsSteadyIsNotSaturated() {
        SaturationDetector d = new SaturationDetector(() -> now, ManagementFactory.getThreadMXBean(), 2000, 100);
        for (long t = 0; t <= 10_000; t += 500) {
            // steady: all busy, 3 queued at every run, never growing
            assertTrue(tick(d, t, pool(4, 4, 3, 0)).isEmpty());
        }
        SaturationDetector e = new SaturationDetector(() -> now, ManagementFactory.getThreadMXBean(), 2000, 100);
        for (long t = 0; t <= 10_000; t += 500) {
            // keeps up: the queue is empty at every fourth run
            assertTrue(tick(e, t, pool(4, 4, t % 2000 == 0 ? 0 : t / 100, 0)).isEmpty());
        }
        SaturationDetector c = new SaturationDetector(() -> now, ManagementFactory.getThreadMXBean(), 2000, 100);
        for (long t = 0; t <= 10_000; t += 500) {
            // a cached pool never has all the threads it may have
            assertTrue(tick(c, t, pool(4, Integer.MAX_VALUE, t, 0)).isEmpty());
        }
    }

    @Test
    void rejectionsAreRaisedWithTheirCountAndClearAfterAQuietWindow() {
        RejectionDetector d = new RejectionDetector(() -> now, ManagementFactory.getThreadMXBean(), 2000, 100);
        assertTrue(tick(d, 0, pool(1, 1, 0, 0)).isEmpty());
        List<Findings.Observation> raised = tick(d, 500, pool(1, 1, 0, 5));
        assertEquals(1, raised.size());
        assertTrue(raised.get(0).summary().startsWith(
                "pool \"work-#\" (thread_pool, built at App.java:42) rejected 5 tasks since "), raised.get(0).summary());
        List<Findings.Observation> more = tick(d, 1500, pool(1, 1, 0, 7));
        assertTrue(more.get(0).summary().contains(" rejected 7 tasks since "), more.get(0).summary());
        assertEquals(raised.get(0).key(), more.get(0).key(), "the same finding, refreshed");
        assertEquals(1, tick(d, 3000, pool(1, 1, 0, 7)).size(), "quiet for less than the window");
        assertTrue(tick(d, 3500, pool(1, 1, 0, 7)).isEmpty(), "quiet for the window: cleared");
        List<Findings.Observation> again = tick(d, 4000, pool(1, 1, 0, 8));
        assertTrue(again.get(0).summary().contains(" rejected 1 task since "), again.get(0).summary());
    }
}
