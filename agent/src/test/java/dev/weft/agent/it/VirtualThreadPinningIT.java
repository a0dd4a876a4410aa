package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jvm_threads_virtual_pinned_seconds} against pinnings the application made and timed itself:
 * on JDK 25 three virtual threads each block 50 ms inside a class initializer (which pins on 24+, where
 * {@code synchronized} no longer does). On JDK 17 there are no virtual threads: the families are
 * exported and stay at zero. The pinning reason (on 25: "VM call to ...&lt;clinit&gt; on stack") is checked
 * in the agent's own JFR recording, where it belongs.
 */
class VirtualThreadPinningIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String COUNT = "jvm_threads_virtual_pinned_seconds_count";
    private static final String SUM = "jvm_threads_virtual_pinned_seconds_sum";

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void pinnedTimeMatchesWhatTheApplicationMeasured(Jdk jdk, @TempDir Path dir) throws Exception {
        int port = ChildJvm.freePort();
        String metrics = "http://127.0.0.1:" + port + "/metrics";
        Path recording = dir.resolve("pinned.jfr");
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.DashboardApp").args("quiet")
                .agent("port=" + port + ",jfr.record=true,jfr.file=" + recording).start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            String before = Http.awaitOk(metrics, DEADLINE);
            AttachIT.promtool(before);
            int from = app.outSize();
            app.send("pin 3 50");
            String answer = app.awaitOut(l -> l.startsWith("pinned "), from);
            if (jdk.feature() < 21) {
                assertEquals("pinned unsupported", answer);
                String after = Http.awaitOk(metrics, DEADLINE);
                assertEquals(0.0, Http.sample(after, COUNT));
                assertEquals(0.0, Http.sample(after, "jvm_threads_virtual_submit_failed_total"));
                return;
            }
            Matcher m = Pattern.compile("pinned n=3 sleptNanos=(\\d+)").matcher(answer);
            assertTrue(m.matches(), answer);
            double slept = Long.parseLong(m.group(1)) / 1e9;
            double count0 = Http.sample(before, COUNT);
            double sum0 = Http.sample(before, SUM);
            // The JFR stream delivers events about once a second: poll until all three arrived.
            long end = System.nanoTime() + DEADLINE.toNanos();
            String after = Http.awaitOk(metrics, DEADLINE);
            while (Http.sample(after, COUNT) - count0 < 3 && System.nanoTime() < end) {
                Thread.sleep(200);
                after = Http.awaitOk(metrics, DEADLINE);
            }
            assertEquals(3.0, Http.sample(after, COUNT) - count0, after);
            double weft = Http.sample(after, SUM) - sum0;
            // Each event spans the park inside Thread.sleep, which lies inside the span the application timed
            // around that sleep, and lasts at least the 50 ms asked for: between 3 x 50 ms (less 5% for a
            // clock-tick difference between JFR and nanoTime) and the application's own total (+2 ms).
            assertTrue(weft >= 0.95 * 0.150 && weft <= slept + 0.002,
                    "Weft " + weft + " s vs application " + slept + " s");
            assertTrue(Http.sample(after, "jvm_threads_virtual_pinned_seconds_max") >= 0.95 * 0.050, after);
            assertEquals(0.0, Http.sample(after, "jvm_threads_virtual_submit_failed_total"));
            AttachIT.promtool(after);

            // The reason stays in JFR (free text naming the class: never a label): the agent's recording
            // (weft.jfc) holds the three pinnings with their reason and stack.
            app.send("exit 0");
            assertEquals(0, app.waitFor());
            List<RecordedEvent> pinned = new ArrayList<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
                if (e.getEventType().getName().equals("jdk.VirtualThreadPinned")
                        && String.valueOf(e.getString("pinnedReason")).contains("DashboardApp$Pin")) {
                    pinned.add(e);
                }
            }
            assertEquals(3, pinned.size(), "pinned events naming the initialisers");
            for (RecordedEvent e : pinned) {
                assertTrue(e.getString("pinnedReason").contains("<clinit>"), e.toString());
                assertTrue(e.getDuration().toNanos() >= 0.95 * 50_000_000L, e.toString());
                assertTrue(e.getStackTrace() != null && !e.getStackTrace().getFrames().isEmpty(), e.toString());
            }
        }
    }
}
