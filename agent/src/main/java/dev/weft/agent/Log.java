package dev.weft.agent;

import java.io.PrintStream;

/**
 * The agent's only output: one start-up line (unless {@code quiet=true}) and one line per real
 * problem, on the application's standard error. Each message is forced onto one line so that
 * log collectors that split on newlines keep it whole. Never uses {@code java.util.logging}:
 * initialising JUL early breaks applications that configure their own log manager later.
 */
final class Log {

    private Log() {
    }

    /** A problem the user should know about; always printed. */
    static void warn(String message) {
        print("weft: " + message);
    }

    /**
     * A finding: the first line is the one-line summary ({@code weft: <kind>: …}), the others are
     * details, each printed on its own line indented by four spaces, all in one write so that they stay
     * together. Every line is forced onto one line (callers escape untrusted text such as thread names).
     */
    static void report(java.util.List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder("weft: ").append(oneLine(lines.get(0)));
        for (int i = 1; i < lines.size(); i++) {
            b.append(System.lineSeparator()).append("    ").append(oneLine(lines.get(i)));
        }
        print(b.toString(), false);
    }

    /** The start-up line; printed unless quiet. */
    static void info(String message, boolean quiet) {
        if (!quiet) {
            print("weft " + message);
        }
    }

    private static void print(String line) {
        print(line, true);
    }

    private static void print(String line, boolean flatten) {
        try {
            PrintStream err = System.err;
            err.println(flatten ? oneLine(line) : line);
            err.flush();
        } catch (Throwable ignored) {
            // stderr closed or replaced by something broken: nothing more we can do
        }
    }

    /**
     * {@code s} on one line, a last line of defence behind the callers' escaping: CR and LF become spaces;
     * other control characters (C0, DEL, C1 — U+0085 is a line break to some log viewers — and the
     * Unicode line and paragraph separators) are written as {@code \}{@code uXXXX}, so that nothing in a
     * message can start a line of its own or send a terminal a control sequence.
     */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                b.append(' ');
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
