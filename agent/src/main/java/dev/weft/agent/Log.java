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

    /** The start-up line; printed unless quiet. */
    static void info(String message, boolean quiet) {
        if (!quiet) {
            print("weft " + message);
        }
    }

    private static void print(String line) {
        try {
            PrintStream err = System.err;
            err.println(oneLine(line));
            err.flush();
        } catch (Throwable ignored) {
            // stderr closed or replaced by something broken: nothing more we can do
        }
    }

    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
