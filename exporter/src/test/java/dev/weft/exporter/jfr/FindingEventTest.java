package dev.weft.exporter.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrumentation.ledger.Finding;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

class FindingEventTest {

    @Test
    void findingsAreRecordedWithTheirEvidenceAndLabels() throws Exception {
        BlockingQueue<RecordedEvent> got = new ArrayBlockingQueue<>(10);
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable(FindingEvent.NAME);
            rs.onEvent(FindingEvent.NAME, got::add);
            rs.startAsync();
            Finding f = new Finding("leak", "k1", "12 live threads started at A.java:3", "A.java:3",
                    List.of("creation site: A.run(A.java:3)", "  at A.run(A.java:3)"), 1, 2, 0);
            // Repeat until the stream delivers (it flushes about once a second), within a deadline.
            RecordedEvent e = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (e == null && System.nanoTime() < end) {
                FindingEvents.emit(f, true);
                e = got.poll(500, TimeUnit.MILLISECONDS);
            }
            assertTrue(e != null, "no event within the deadline");
            assertEquals("leak", e.getString("kind"));
            assertEquals("raised", e.getString("state"));
            assertEquals("k1", e.getString("key"));
            assertEquals("A.java:3", e.getString("location"));
            assertEquals("creation site: A.run(A.java:3)\n  at A.run(A.java:3)", e.getString("details"));
            EventType type = e.getEventType();
            assertEquals("Weft Finding", type.getLabel());
            assertEquals(List.of("Weft", "Threads"), type.getCategoryNames());
            type.getFields().stream().filter(v -> !v.getName().equals("startTime") && !v.getName().equals("duration")
                    && !v.getName().equals("eventThread"))
                    .forEach(v -> assertTrue(v.getLabel() != null && v.getDescription() != null, v.getName()));
        }
    }
}
