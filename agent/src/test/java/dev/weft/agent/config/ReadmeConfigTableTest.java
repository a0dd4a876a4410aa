package dev.weft.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The configuration table in the README (system property {@code weft.readme}) must equal
 * {@link Keys#markdownTable()}. On failure the message shows the block to paste.
 */
class ReadmeConfigTableTest {

    static final String START = "<!-- config-table:start -->";
    static final String END = "<!-- config-table:end -->";

    @Test
    void readmeTableMatchesTheDeclaredKeys() throws IOException {
        String expected = Keys.markdownTable();
        String paste = "\nPut this block in the README (or run dev.weft.agent.config.Keys):\n"
                + START + "\n" + expected + "\n" + END + "\n";
        String property = System.getProperty("weft.readme");
        if (property == null || property.isBlank()) {
            fail("system property weft.readme (the README to check) is not set" + paste);
        }
        Path readme = Path.of(property);
        if (!Files.isRegularFile(readme)) {
            fail("README not found: " + readme.toAbsolutePath() + paste);
        }
        List<String> lines = List.of(Files.readString(readme, StandardCharsets.UTF_8)
                .replace("\r\n", "\n").split("\n", -1));
        int start = lines.indexOf(START);
        int end = lines.indexOf(END);
        if (start < 0 || end < start || lines.lastIndexOf(START) != start
                || lines.lastIndexOf(END) != end) {
            fail(readme + " must contain the line " + START + " once, followed later by the line "
                    + END + " once" + paste);
        }
        String actual = String.join("\n", lines.subList(start + 1, end)).replaceAll("^\n+|\n+$", "");
        assertEquals(expected, actual, readme + ": the configuration table is out of date" + paste);
    }
}
