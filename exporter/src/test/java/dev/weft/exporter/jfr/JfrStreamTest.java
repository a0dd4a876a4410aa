package dev.weft.exporter.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import org.junit.jupiter.api.Test;

class JfrStreamTest {

    @Name("dev.weft.test.Probe")
    @Label("Probe")
    static final class Probe extends Event {
        @Label("Value")
        int value;
    }

    @Test
    void deliversSubscribedEventsOnWeftJfrAndCountsHandlerFailures() throws Exception {
        AtomicInteger errors = new AtomicInteger();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch seen = new CountDownLatch(2);
        try (JfrStream stream = new JfrStream(errors::incrementAndGet)) {
            stream.subscribe("dev.weft.test.Probe", Duration.ZERO, e -> {
                threads.add(Thread.currentThread().getName() + " daemon=" + Thread.currentThread().isDaemon());
                seen.countDown();
                if (e.getInt("value") == 1) {
                    throw new IllegalStateException("handler failure must be swallowed");
                }
            });
            stream.start();
            // The recording starts on weft-jfr: commit until the first event is seen, with a deadline.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int v = 0;
            while (seen.getCount() > 0 && System.nanoTime() < end) {
                Probe p = new Probe();
                p.value = ++v;
                p.commit();
                seen.await(100, TimeUnit.MILLISECONDS);
            }
            assertEquals(0, seen.getCount(), "events delivered");
            assertTrue(threads.stream().allMatch(t -> t.equals("weft-jfr daemon=true")), threads.toString());
        }
    }

    @Test
    void gcLabelsFollowTheMxBeanNames() {
        assertEquals(List.of("G1 Young Generation", "end of minor GC"), List.of(GcPauses.labels("G1New")));
        assertEquals(List.of("G1 Old Generation", "end of major GC"), List.of(GcPauses.labels("G1Full")));
        assertEquals(List.of("PS Scavenge", "end of minor GC"), List.of(GcPauses.labels("ParallelScavenge")));
        assertEquals(List.of("PS MarkSweep", "end of major GC"), List.of(GcPauses.labels("ParallelOld")));
        assertEquals(List.of("Copy", "end of minor GC"), List.of(GcPauses.labels("DefNew")));
        assertEquals(List.of("Mystery", "end of GC pause"), List.of(GcPauses.labels("Mystery")));
    }
}
