package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jvm_blocking_io_seconds} and {@code jvm_blocking_io_bytes_total} against what {@code IoApp}
 * moved and measured itself, on platform and (21+) virtual threads; the
 * {@code blocking_on_nonblocking_thread} finding; bad input.
 *
 * <p><b>The span.</b> The figures are the difference between a scrape taken while the application
 * waits for {@code go} and one taken after it printed {@code done}: the JVM's start-up I/O and the
 * class loading of a first run (done once before, as a warm-up) are outside it. Inside it, besides the
 * scenario, the application's main thread reads the {@code go} line from standard input (one file read
 * of 3 bytes) and writes the {@code done} line to standard output (one file write of the line and its
 * newline): both are added to the expectation.
 */
class BlockingIoIT {

    private static final String APP = "dev.weft.testapps.IoApp";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final List<String> KINDS =
            List.of("socket_read", "socket_write", "socket_connect", "socket_accept", "file_read", "file_write");

    static Stream<Arguments> runs() {
        return Jdk.all().flatMap(j -> Stream.of(Arguments.of(j, "platform"), Arguments.of(j, "virtual")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void bytesAndCallsEqualWhatTheApplicationMoved(Jdk jdk, String threadKind) throws Exception {
        Assumptions.assumeTrue(threadKind.equals("platform") || jdk.feature() >= 21,
                "virtual threads need JDK 21+; this is JDK " + jdk.feature());
        int port = ChildJvm.freePort();
        String metrics = "http://127.0.0.1:" + port + "/metrics";
        try (ChildJvm app = ChildJvm.of(jdk, APP).agent("port=" + port).start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));
            run(app, threadKind, 2, 1000, 1); // warm-up: first-time class loading (from the jar) happens here

            int from = app.outSize();
            app.send("arm " + threadKind + " 8 4096 20");
            app.awaitOut(l -> l.equals("armed"), from);
            String before = Http.awaitOk(metrics, DEADLINE);
            from = app.outSize();
            app.send("go");
            String done = app.awaitOut(l -> l.startsWith("done ") || l.startsWith("error "), from);
            String after = Http.awaitOk(metrics, DEADLINE);
            assertTrue(done.startsWith("done "), done);

            for (int k = 0; k < KINDS.size(); k++) {
                String kind = KINDS.get(k);
                Matcher m = Pattern.compile(kind + "=(\\d+):(\\d+):(\\d+)").matcher(done);
                assertTrue(m.find(), done);
                long calls = Long.parseLong(m.group(1));
                long bytes = Long.parseLong(m.group(2));
                double appSeconds = Long.parseLong(m.group(3)) / 1e9;
                // The main thread's own standard input and output, on a platform thread.
                long extraCalls = 0;
                long extraBytes = 0;
                if (kind.equals("file_read")) {
                    extraCalls = 1;
                    extraBytes = "go\n".length();
                } else if (kind.equals("file_write")) {
                    extraCalls = 1;
                    extraBytes = done.length() + 1;
                }
                String labels = "{kind=\"" + kind + "\",thread_kind=\"" + threadKind + "\"}";
                double weftCalls = delta(before, after, "jvm_blocking_io_seconds_count" + labels);
                double weftBytes = delta(before, after, "jvm_blocking_io_bytes_total" + labels);
                double weftSeconds = delta(before, after, "jvm_blocking_io_seconds_sum" + labels);
                if (threadKind.equals("platform")) {
                    assertEquals(calls + extraCalls, weftCalls, kind + " calls; app: " + done);
                    assertEquals(bytes + extraBytes, weftBytes, kind + " bytes; app: " + done);
                } else {
                    assertEquals(calls, weftCalls, kind + " calls; app: " + done);
                    assertEquals(bytes, weftBytes, kind + " bytes; app: " + done);
                    String platform = "{kind=\"" + kind + "\",thread_kind=\"platform\"}";
                    assertEquals(extraCalls, delta(before, after, "jvm_blocking_io_seconds_count" + platform), kind);
                    assertEquals(extraBytes, delta(before, after, "jvm_blocking_io_bytes_total" + platform), kind);
                }
                if (threadKind.equals("platform") && extraCalls > 0) {
                    continue; // the stdin read lasted as long as the test took to send "go": not comparable
                }
                // Weft times each call inside the application's own span around it (its enter and exit
                // run after the application's first and before its second System.nanoTime()), so its
                // sum can only be smaller; 1 µs per call of slack for the rounding of the exposition.
                assertTrue(weftSeconds <= appSeconds + calls * 1e-6,
                        kind + ": Weft " + weftSeconds + " s > application " + appSeconds + " s");
                if (kind.equals("socket_read")) {
                    // The server's reads block ~20 ms for each chunk, so the application's sum is about
                    // 16 × 20 ms; the part of its span outside Weft's is the advice and two nanoTime calls
                    // per read (microseconds) plus any preemption in between on a loaded machine: 20 %.
                    assertTrue(appSeconds > 0.2, "the reads did not block: " + appSeconds + " s");
                    assertTrue(weftSeconds >= 0.8 * appSeconds,
                            kind + ": Weft " + weftSeconds + " s vs application " + appSeconds + " s");
                }
            }
            assertEquals(0.0, Http.sample(after, "weft_internal_errors_total"));
            AttachIT.promtool(after);
            app.send("exit 0");
            assertEquals(0, app.waitFor());
            assertEquals(1, app.weftLines().size(), "only the start-up line: " + app.err());
        }
    }

    private static void run(ChildJvm app, String threadKind, int chunks, int size, int delay) throws Exception {
        int from = app.outSize();
        app.send("arm " + threadKind + " " + chunks + " " + size + " " + delay);
        app.awaitOut(l -> l.equals("armed"), from);
        from = app.outSize();
        app.send("go");
        String done = app.awaitOut(l -> l.startsWith("done ") || l.startsWith("error "), from);
        assertTrue(done.startsWith("done "), done);
    }

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void aBlockingCallOnANonBlockingThreadIsAFindingAndBadInputIsSurvived(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String base = "http://127.0.0.1:" + port;
        try (ChildJvm app = ChildJvm.of(jdk, APP)
                .agent("port=" + port + ",monitor.interval=200ms,nonblocking.threads=io-loop-*;never-*").start()) {
            app.awaitOut(l -> l.equals("ready"));
            app.awaitErr(l -> l.startsWith("weft ") && l.contains("hooks active"));

            int from = app.outSize();
            app.send("edge");
            assertEquals("edge closed=SocketException interrupted=ClosedByInterruptException zero=0 eof=-1",
                    app.awaitOut(l -> l.startsWith("edge ") || l.startsWith("error "), from));

            // A healthy run on ordinary threads raises nothing.
            run(app, "platform", 2, 1000, 1);
            from = app.outSize();
            app.send("loop io-loop-3");
            assertEquals("loop read=42", app.awaitOut(l -> l.startsWith("loop ") || l.startsWith("error "), from));

            String line = app.awaitErr(l -> l.contains("blocking_on_nonblocking_thread: "));
            assertTrue(line.contains("\"io-loop-3\" (group \"io-loop-#\") made a blocking socket_read call at IoApp.java:"),
                    line);
            String json = Http.get(base + "/findings", null).body();
            assertTrue(json.contains("\"kind\":\"blocking_on_nonblocking_thread\""), json);
            assertTrue(json.matches("(?s).*\"location\":\"IoApp\\.java:\\d+\".*"), json);
            assertTrue(json.contains("dev.weft.testapps.IoApp.blockingReadOnTheLoop(IoApp.java:"), json);
            String metrics = Http.awaitOk(base + "/metrics", DEADLINE);
            for (String kind : List.of("deadlock", "leak", "stuck", "thread_count")) {
                assertEquals(0.0, Http.sample(metrics,
                        "weft_findings_total{kind=\"" + kind + "\"}"), kind + "\n" + json);
            }
            assertEquals(1.0, Http.sample(metrics, "weft_findings_total{kind=\"blocking_on_nonblocking_thread\"}"));
            assertEquals(0.0, Http.sample(metrics, "weft_internal_errors_total"));
            app.send("exit 0");
            assertEquals(0, app.waitFor());
        }
    }

    private static double delta(String before, String after, String series) {
        return Http.sample(after, series) - Http.sample(before, series);
    }
}
