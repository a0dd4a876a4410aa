package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code java -jar weft-agent.jar attach <pid>} on a JVM started without the agent. */
class DynamicAttachIT {

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void attachesToARunningJvmAndSeesTheThreadsThatWereAlreadyThere(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp").args("20").start()) {
            app.awaitOut(l -> l.startsWith("ready"));
            Process attach = new ProcessBuilder(jdk.java().toString(), "-jar", ChildJvm.AGENT_JAR.toString(),
                    "attach", String.valueOf(app.pid()), "port=" + port).redirectErrorStream(true).start();
            String said = new String(attach.getInputStream().readAllBytes()).trim();
            assertTrue(attach.waitFor(ChildJvm.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, attach.exitValue(), said);
            assertTrue(said.startsWith("weft: attached to process " + app.pid()), said);

            String startup = app.awaitErr(l -> l.startsWith("weft "));
            assertTrue(startup.contains("metrics at http://127.0.0.1:" + port + "/metrics"), startup);
            int hooks = AttachIT.expectedHooks(jdk);
            assertTrue(startup.contains(hooks + " of " + hooks + " hooks active"), startup);
            String index = Http.awaitOk("http://127.0.0.1:" + port + "/", ChildJvm.DEADLINE);
            assertTrue(index.contains("(attached dynamically)"), index);
            // Every thread that existed before the attach was seeded into the ledger.
            app.assertEqualsThreadCount("ledger after dynamic attach", () -> AttachIT.trackedThreads(port));

            // Attaching twice loads nothing more and says so, on the application's stderr.
            Process again = new ProcessBuilder(jdk.java().toString(), "-jar", ChildJvm.AGENT_JAR.toString(),
                    "attach", String.valueOf(app.pid()), "port=" + port).redirectErrorStream(true).start();
            again.getInputStream().readAllBytes();
            assertTrue(again.waitFor(ChildJvm.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            app.awaitErr(l -> l.equals("weft: the agent is attached more than once; ignoring the extra copy"));
            app.send("exit 0");
            assertEquals(0, app.waitFor());
            // Only Weft's lines and, on JDK 21+, the JVM's own warning about dynamically loaded agents.
            for (String l : app.err()) {
                assertTrue(l.startsWith("weft") || l.startsWith("WARNING: "), l);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void withoutArgumentsTheJarPrintsUsage(Jdk jdk) throws Exception {
        Process p = new ProcessBuilder(jdk.require().java().toString(), "-jar", ChildJvm.AGENT_JAR.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertTrue(p.waitFor(ChildJvm.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(lines.stream().anyMatch(l -> l.contains("-javaagent:")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("attach <pid>")), lines.toString());
    }
}
