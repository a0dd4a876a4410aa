package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.report.JfrRulesReport;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@code jfr.record=true}: the agent's own continuous recording (default settings plus weft.jfc),
 * dumped on exit, is read by the JDK's {@code jfr} tool and by JDK Mission Control's parser and
 * automated analysis.
 */
class JfrRecordingIT {

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void recordingIsDumpedOnExitAndReadableByJfrAndJmc(Jdk jdk) throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("weft.test.scratch", "target/it-scratch")));
        Path file = dir.resolve("weft-" + jdk.feature() + ".jfr");
        Files.deleteIfExists(file);
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp")
                .agent("port=0,jfr.record=true,jfr.file=" + file).args("8").start()) {
            app.awaitOut(l -> l.startsWith("ready"));
            app.awaitErr(l -> l.startsWith("weft "));
            int from = app.outSize();
            app.send("gc");
            app.awaitOut("gc done"::equals, from);
            app.send("exit 0");
            assertEquals(0, app.waitFor());
            assertEquals(1, app.weftLines().size(), app.err().toString());
        }
        assertTrue(Files.size(file) > 0, file + " was written on exit");

        // The JDK's own tool.
        Process jfr = new ProcessBuilder(jdk.home().resolve("bin/jfr").toString(), "summary", file.toString())
                .redirectErrorStream(true).start();
        String summary = new String(jfr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jfr.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, jfr.exitValue(), summary);
        assertTrue(count(summary, "jdk.GarbageCollection") >= 1, summary);
        assertTrue(count(summary, "jdk.ThreadPark") >= 1, summary); // the app's ticker parks 50 ms at a time
        // Weft's executor events are in the recording's metadata (ExecutorFindingsIT reads their values).
        assertTrue(summary.contains("dev.weft.ExecutorStatistics"), summary);
        assertTrue(summary.contains("dev.weft.ExecutorTask"), summary);

        // JDK Mission Control's parser: the events with their stack traces.
        IItemCollection events = JfrLoaderToolkit.loadEvents(file.toFile());
        assertTrue(events.apply(ItemFilters.type("jdk.GarbageCollection")).hasItems());
        assertTrue(events.apply(ItemFilters.type("jdk.ThreadStart")).hasItems()
                || count(summary, "jdk.ThreadStart") == 0, "JMC sees what jfr sees");

        // JMC's automated analysis runs every rule on it without an error.
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        Element root = doc.createElement("reportcollection");
        doc.appendChild(root);
        JfrRulesReport.addReport(file.toString(), Severity.OK, false, root);
        assertEquals(0, doc.getElementsByTagName("error").getLength(), "rule errors");
        assertTrue(doc.getElementsByTagName("rule").getLength() > 10, "JMC's rules ran");
    }

    private static long count(String summary, String event) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(event) + "\\s+(\\d+)\\s").matcher(summary);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
