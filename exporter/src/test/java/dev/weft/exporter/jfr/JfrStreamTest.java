package dev.weft.exporter.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
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

    /**
     * The stream makes JFR start new chunks on its period and keeps delivering; a recording of the
     * user's that runs meanwhile loses no event (it just has more chunks).
     */
    @Test
    void rotatesChunksWithoutLosingEventsOfOtherRecordings() throws Exception {
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        Path dump = Files.createTempFile("weft-rotation", ".jfr");
        try (JfrStream stream = new JfrStream(errors::incrementAndGet);
             Recording user = new Recording()) {
            stream.subscribe("dev.weft.test.Probe", Duration.ZERO, e -> delivered.incrementAndGet());
            stream.rotateEvery(Duration.ofMillis(200));
            user.enable("dev.weft.test.Probe");
            user.setToDisk(true);
            user.start();
            stream.start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int committed = 0;
            int deliveredAtThirdRotation = -1;
            while (System.nanoTime() < end) {
                Probe p = new Probe();
                p.value = ++committed;
                p.commit();
                Thread.sleep(5);
                if (deliveredAtThirdRotation < 0 && stream.rotations() >= 3) {
                    deliveredAtThirdRotation = delivered.get();
                }
                if (deliveredAtThirdRotation >= 0 && delivered.get() > deliveredAtThirdRotation + 20) {
                    break;
                }
            }
            assertTrue(stream.rotations() >= 3, "rotations: " + stream.rotations());
            assertTrue(delivered.get() > deliveredAtThirdRotation + 20,
                    "events still delivered after rotating: " + delivered.get() + " vs " + deliveredAtThirdRotation);
            user.stop();
            user.dump(dump);
            long inUserRecording = RecordingFile.readAllEvents(dump).stream()
                    .filter(e -> e.getEventType().getName().equals("dev.weft.test.Probe")).count();
            assertEquals(committed, inUserRecording, "the user's recording has every event");
            assertEquals(0, errors.get());
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    /**
     * A due rotation waits for thread churn: none while fewer threads than the minimum have started
     * (several flushes go by), one once they have, and one after the longest period without any.
     */
    @Test
    void rotatesOnlyAfterEnoughThreadsStartedOrTheLongestPeriod() throws Exception {
        AtomicInteger errors = new AtomicInteger();
        AtomicLong started = new AtomicLong(100);
        try (JfrStream stream = new JfrStream(errors::incrementAndGet, started::get)) {
            stream.subscribe("dev.weft.test.Probe", Duration.ZERO, e -> { });
            stream.rotateEvery(Duration.ofMillis(100), 5, Duration.ofHours(1));
            stream.start();
            awaitTrue(() -> stream.flushes() >= 3, "three flushes");
            assertEquals(0, stream.rotations(), "no thread started: no rotation");
            started.addAndGet(5);
            awaitTrue(() -> stream.rotations() == 1, "a rotation once 5 threads started");
            long flushes = stream.flushes();
            awaitTrue(() -> stream.flushes() >= flushes + 2, "two more flushes");
            assertEquals(1, stream.rotations(), "no more threads: no more rotations");
            stream.rotateEvery(Duration.ofMillis(100), 5, Duration.ofMillis(300));
            awaitTrue(() -> stream.rotations() >= 2, "a rotation after the longest period, without churn");
            assertEquals(0, errors.get());
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not within 60 s: " + what);
            new Probe().commit(); // something in every flush
            Thread.sleep(20); // polling with a deadline
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
