package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTest {

    @Test
    void reportIsASummaryLineThenIndentedDetailsEachKeptOnOneLine() {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            Log.report(List.of("leak: 12 live threads started at A.java:3", "creation site: A.run(A.java:3)",
                    "a detail\nthat tried to break the line", "esc\u001b[31m nel\u0085 ls\u2028 tab\t"));
        } finally {
            System.setErr(saved);
        }
        String nl = System.lineSeparator();
        assertEquals("weft: leak: 12 live threads started at A.java:3" + nl
                + "    creation site: A.run(A.java:3)" + nl
                + "    a detail that tried to break the line" + nl
                + "    esc\\u001b[31m nel\\u0085 ls\\u2028 tab\\u0009" + nl,
                bytes.toString(StandardCharsets.UTF_8));
    }
}
