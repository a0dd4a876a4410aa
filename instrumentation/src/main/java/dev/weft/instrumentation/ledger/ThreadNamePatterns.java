package dev.weft.instrumentation.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * Thread name globs ({@code nonblocking.threads}): {@code *} matches any run of
 * characters (including none), {@code ?} exactly one; everything else matches itself, case-sensitively.
 * Matching allocates nothing.
 */
public final class ThreadNamePatterns {

    /** Matches nothing. */
    public static final ThreadNamePatterns NONE = new ThreadNamePatterns(List.of());

    private final String[] globs;

    private ThreadNamePatterns(List<String> globs) {
        this.globs = globs.toArray(new String[0]);
    }

    /** The given globs; blank ones are ignored. */
    public static ThreadNamePatterns of(List<String> globs) {
        List<String> out = new ArrayList<>();
        for (String s : globs) {
            String g = s == null ? "" : s.strip();
            if (!g.isEmpty()) {
                out.add(g);
            }
        }
        return out.isEmpty() ? NONE : new ThreadNamePatterns(out);
    }

    /** Whether no pattern was given. */
    public boolean isEmpty() {
        return globs.length == 0;
    }

    /** The patterns, separated by {@code ;} as in the configuration. */
    @Override
    public String toString() {
        return String.join(";", globs);
    }

    /** Whether {@code name} matches any of the patterns. */
    public boolean matches(String name) {
        if (name == null) {
            return false;
        }
        for (String g : globs) {
            if (glob(g, name)) {
                return true;
            }
        }
        return false;
    }

    /** Iterative glob match with single backtracking point (linear for patterns with one star). */
    static boolean glob(String p, String s) {
        int pi = 0;
        int si = 0;
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
                pi++;
                si++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
