package dev.weft.exporter.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EscapeTest {

    @Test
    void jsonEscapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0000\\u001f\\u007f\"", Escape.json("a\"b\\c\nd\re\tf\u0000\u001f\u007f"));
        assertEquals("\"naïve 線程 😀\"", Escape.json("naïve 線程 😀"));
        assertEquals("\"\\u2028\\u2029\"", Escape.json("\u2028\u2029"));
        // C1 controls: U+0085 (NEL) is a line break to some log viewers; U+009B starts a terminal sequence.
        assertEquals("\"\\u0080\\u0085\\u009b\u00a0\"", Escape.json("\u0080\u0085\u009b\u00a0"));
        assertEquals("\"\"", Escape.json(""));
        assertEquals("null", Escape.json(null));
        assertEquals("\"x\uFFFDy\uFFFD\"", Escape.json("x\uD800y\uDC00"));
    }

    @Test
    void quotedAndLineNeverBreakTheLine() {
        assertEquals("\"evil\\n  at fake.Frame(X.java:1)\"", Escape.quoted("evil\n  at fake.Frame(X.java:1)"));
        assertEquals("a\"b\\\\c\\nd", Escape.line("a\"b\\c\nd"));
        assertEquals("\"\"", Escape.quoted(null));
    }
}
