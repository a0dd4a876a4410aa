package dev.weft.exporter.threads;

/**
 * Escaping of untrusted text (thread names, lock names, frames) for Weft's outputs. Thread names may
 * contain anything: newlines, quotes, backslashes, control characters, non-ASCII, nothing at all.
 */
public final class Escape {

    private Escape() {
    }

    /**
     * A JSON string literal, quotes included: {@code "} and {@code \} escaped, control characters (C0,
     * DEL and C1, whose U+0085 some log viewers take as a line break; and U+2028/U+2029, which break
     * JavaScript and are line breaks too) as {@code \}{@code uXXXX}; other non-ASCII is kept
     * (the documents are UTF-8). Unpaired surrogates are replaced by U+FFFD so the UTF-8 is valid.
     */
    public static String json(String s) {
        StringBuilder b = new StringBuilder(s == null ? 4 : s.length() + 2);
        if (s == null) {
            return "null";
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        unicode(b, c);
                    } else if (Character.isSurrogate(c)) {
                        i = surrogate(b, s, i, c);
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    /**
     * A quoted, single-line form for text outputs (the {@code /threads} page, log lines): the same
     * escapes as {@link #json}, so a name can never start a new line or fake a field.
     */
    public static String quoted(String s) {
        return s == null ? "\"\"" : json(s);
    }

    /** Text on one line without quotes: control characters escaped, {@code \} doubled. */
    public static String line(String s) {
        String q = quoted(s);
        return q.substring(1, q.length() - 1).replace("\\\"", "\"");
    }

    private static void unicode(StringBuilder b, char c) {
        b.append("\\u");
        String hex = Integer.toHexString(c);
        for (int k = hex.length(); k < 4; k++) {
            b.append('0');
        }
        b.append(hex);
    }

    private static int surrogate(StringBuilder b, String s, int i, char c) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(i + 1));
            return i + 1;
        }
        b.append('\uFFFD');
        return i;
    }
}
