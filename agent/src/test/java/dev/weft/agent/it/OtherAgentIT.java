package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Weft next to the OpenTelemetry Java agent (which also uses Byte Buddy and instruments
 * java.util.concurrent), attached in either order: both agents work and Weft's numbers stay true.
 */
class OtherAgentIT {

    static final Path OTEL = ChildJvm.APPS_JAR.getParent().resolve("otel").resolve("opentelemetry-javaagent.jar");

    static Stream<Arguments> cases() {
        return Jdk.all().flatMap(j -> Stream.of(Arguments.of(j, true), Arguments.of(j, false)));
    }

    @ParameterizedTest(name = "{0}, Weft first: {1}")
    @MethodSource("cases")
    void bothAgentsWorkInEitherOrder(Jdk jdk, boolean weftFirst) throws Exception {
        int port = ChildJvm.freePort();
        int otelPort = ChildJvm.freePort();
        String weft = "-javaagent:" + ChildJvm.AGENT_JAR + "=port=" + port;
        String otel = "-javaagent:" + OTEL;
        List<String> agents = weftFirst ? List.of(weft, otel) : List.of(otel, weft);
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp")
                .jvmArg(agents.get(0), agents.get(1))
                .jvmArg("-Dotel.metrics.exporter=prometheus", "-Dotel.exporter.prometheus.host=127.0.0.1",
                        "-Dotel.exporter.prometheus.port=" + otelPort, "-Dotel.traces.exporter=none",
                        "-Dotel.logs.exporter=none")
                .args("10").start()) {
            app.awaitOut(l -> l.startsWith("ready"));
            String startup = app.awaitErr(l -> l.startsWith("weft "));
            int hooks = AttachIT.expectedHooks(jdk);
            assertTrue(startup.contains(hooks + " of " + hooks + " hooks active"), startup);

            String url = "http://127.0.0.1:" + port + "/metrics";
            Http.awaitOk(url, ChildJvm.DEADLINE);
            app.assertEqualsThreadCount("jvm_threads_current next to OpenTelemetry",
                    () -> (long) Http.sample(Http.get(url, null).body(), "jvm_threads_current"));
            app.assertEqualsThreadCount("ledger next to OpenTelemetry", () -> AttachIT.trackedThreads(port));
            assertEquals(0.0, Http.sample(Http.get(url, null).body(), "weft_internal_errors_total"));

            String otelText = Http.awaitOk("http://127.0.0.1:" + otelPort + "/metrics", ChildJvm.DEADLINE);
            assertTrue(otelText.contains("jvm_thread_count{"), "OpenTelemetry's own endpoint works");

            app.send("exit 0");
            assertEquals(0, app.waitFor());
            // Weft says exactly its start-up line; the rest of stderr is OpenTelemetry's own.
            assertEquals(List.of(startup), app.weftLines());
        }
    }
}
