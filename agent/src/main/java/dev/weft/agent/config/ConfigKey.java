package dev.weft.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key of the agent: its name, type, default, bounds and description.
 *
 * <p>Every key is declared exactly once, as a constant in {@link Keys}; instances cannot be created
 * anywhere else. A key is set by the agent argument {@code name=value}, the system property
 * {@code weft.name} ({@link #propertyName()}), the environment variable {@code WEFT_NAME}
 * ({@link #envName()}) or a line {@code name=value} in the config file. Names are lower case:
 * one or more parts of letters and digits separated by dots (so the environment name maps back to
 * exactly one key).
 *
 * <p>Values are parsed strictly: anything that is not {@link #accepted() accepted} is rejected with
 * one warning by {@link Config#load}, never by an exception. Instances are immutable and compared by
 * identity.
 *
 * @param <T> the Java type of the value: {@link String}, {@link Integer}, {@link Long},
 *     {@link Boolean}, {@link Duration} or {@code List<String>}
 */
public final class ConfigKey<T> {

    /** The value types a key can have. */
    public enum Type {
        /** Any text (some keys also reject the empty text). */
        STRING,
        /** A decimal {@code int} within the key's bounds. */
        INT,
        /** A decimal {@code long} within the key's bounds. */
        LONG,
        /** {@code true} or {@code false}, in any letter case; nothing else. */
        BOOLEAN,
        /**
         * A whole number followed by a unit {@code ms}, {@code s}, {@code m} or {@code h}
         * ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}), or {@code 0}; within the key's bounds.
         */
        DURATION,
        /**
         * Items separated by {@value ConfigKey#LIST_SEPARATOR}; each item is trimmed and empty items
         * are dropped, so the empty text is the empty list.
         */
        STRING_LIST
    }

    /**
     * Separates the items of a {@link Type#STRING_LIST} value ({@code ','} already separates agent
     * arguments, and {@code '|'} is common in patterns).
     */
    public static final String LIST_SEPARATOR = ";";

    private static final String DURATION_FORMS = "a duration such as 250ms, 30s, 5m or 1h";

    private final String name;
    private final Type type;
    private final T defaultValue;
    private final String accepted;
    private final String description;
    /** Returns the parsed value, or {@code null} if the text is not accepted. */
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    /** Set only by {@link #secret}: its value is never shown in messages or {@code toString}. */
    private boolean secret;

    private ConfigKey(String name, Type type, T defaultValue, String accepted, String description,
                      Function<String, T> parser, Function<T, String> formatter) {
        if (name == null || !isKeyName(name)) {
            throw new IllegalArgumentException("bad config key name: " + name);
        }
        this.name = name;
        this.type = Objects.requireNonNull(type);
        this.defaultValue = Objects.requireNonNull(defaultValue, name);
        this.accepted = requireText(accepted, name);
        this.description = requireText(description, name);
        this.parser = parser;
        this.formatter = formatter;
        // The default must be a value a user could write: within bounds and round-tripping.
        T reparsed = parse(format(defaultValue));
        if (!defaultValue.equals(reparsed)) {
            throw new IllegalArgumentException("default of " + name + " (" + format(defaultValue)
                    + ") is not " + accepted);
        }
    }

    // ---------------------------------------------------------------- declarations (used by Keys)

    /**
     * A text key.
     *
     * @param allowEmpty whether the empty text is a valid value
     * @param accepted what a user may write, for messages and the README, e.g. "a host name"
     */
    static ConfigKey<String> string(String name, String defaultValue, boolean allowEmpty,
                                    String accepted, String description) {
        return new ConfigKey<>(name, Type.STRING, defaultValue, accepted, description,
                new Function<String, String>() {
                    @Override
                    public String apply(String s) {
                        return allowEmpty || !s.isEmpty() ? s : null;
                    }
                }, Function.identity());
    }

    /**
     * A text key whose value is a secret (a password): it is never shown in diagnostics, which
     * print {@code ***} instead.
     */
    static ConfigKey<String> secret(String name, String accepted, String description) {
        ConfigKey<String> key = string(name, "", true, accepted, description);
        key.secret = true;
        return key;
    }

    /** A text key that takes one of a few fixed words. */
    static ConfigKey<String> choice(String name, String defaultValue, List<String> choices, String description) {
        List<String> allowed = List.copyOf(choices);
        return new ConfigKey<>(name, Type.STRING, defaultValue, "one of " + String.join(", ", allowed), description,
                new Function<String, String>() {
                    @Override
                    public String apply(String s) {
                        return allowed.contains(s) ? s : null;
                    }
                }, Function.identity());
    }

    /** Whether the value is a secret that diagnostics must not show. */
    public boolean isSecret() {
        return secret;
    }

    /** An {@code int} key with inclusive bounds. */
    static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max,
                                      String description) {
        checkBounds(name, min, max);
        return new ConfigKey<>(name, Type.INT, defaultValue,
                integerRange(min, max, Integer.MIN_VALUE, Integer.MAX_VALUE), description,
                new Function<String, Integer>() {
                    @Override
                    public Integer apply(String s) {
                        Long v = parseLong(s);
                        return v != null && v >= min && v <= max ? Integer.valueOf(v.intValue()) : null;
                    }
                },
                new ToText<>());
    }

    /** A {@code long} key with inclusive bounds. */
    static ConfigKey<Long> longValue(String name, long defaultValue, long min, long max,
                                     String description) {
        checkBounds(name, min, max);
        return new ConfigKey<>(name, Type.LONG, defaultValue,
                integerRange(min, max, Long.MIN_VALUE, Long.MAX_VALUE), description,
                new Function<String, Long>() {
                    @Override
                    public Long apply(String s) {
                        Long v = parseLong(s);
                        return v != null && v >= min && v <= max ? v : null;
                    }
                },
                new ToText<>());
    }

    /** A boolean key: {@code true} or {@code false} in any letter case, nothing else. */
    static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
        return new ConfigKey<>(name, Type.BOOLEAN, defaultValue, "true or false", description,
                new Function<String, Boolean>() {
                    @Override
                    public Boolean apply(String s) {
                        return s.equalsIgnoreCase("true") ? Boolean.TRUE
                                : s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
                    }
                },
                new ToText<>());
    }

    /**
     * A duration key with inclusive bounds; the default and both bounds must be whole
     * milliseconds.
     */
    static ConfigKey<Duration> duration(String name, Duration defaultValue, Duration min,
                                        Duration max, String description) {
        if (min.isNegative() || max.compareTo(min) < 0
                || !min.equals(parseDuration(formatDuration(min)))
                || !max.equals(parseDuration(formatDuration(max)))) {
            throw new IllegalArgumentException("bad bounds for " + name + ": " + min + ".." + max);
        }
        String accepted = DURATION_FORMS + ", from " + formatDuration(min) + " to " + formatDuration(max);
        return new ConfigKey<>(name, Type.DURATION, defaultValue, accepted, description,
                new Function<String, Duration>() {
                    @Override
                    public Duration apply(String s) {
                        Duration d = parseDuration(s);
                        return d != null && d.compareTo(min) >= 0 && d.compareTo(max) <= 0 ? d : null;
                    }
                },
                new Function<Duration, String>() {
                    @Override
                    public String apply(Duration d) {
                        return formatDuration(d);
                    }
                });
    }

    /** A list key; items are separated by {@link #LIST_SEPARATOR}. */
    static ConfigKey<List<String>> stringList(String name, List<String> defaultValue,
                                              String description) {
        return new ConfigKey<>(name, Type.STRING_LIST, List.copyOf(defaultValue),
                "items separated by " + LIST_SEPARATOR + " (e.g. a" + LIST_SEPARATOR + "b), or empty for none",
                description,
                new Function<String, List<String>>() {
                    @Override
                    public List<String> apply(String s) {
                        return parseList(s);
                    }
                },
                new Function<List<String>, String>() {
                    @Override
                    public String apply(List<String> list) {
                        return String.join(LIST_SEPARATOR, list);
                    }
                });
    }

    // ---------------------------------------------------------------- public accessors

    /** The key as written in agent arguments and config files, e.g. {@code stuck.threshold}. */
    public String name() {
        return name;
    }

    /** The type of the value. */
    public Type type() {
        return type;
    }

    /** The value used when no source sets the key (never {@code null}; "none" is empty). */
    public T defaultValue() {
        return defaultValue;
    }

    /** What the key does, one or two sentences of Markdown-free text. */
    public String description() {
        return description;
    }

    /** The environment variable that sets the key, e.g. {@code WEFT_STUCK_THRESHOLD}. */
    public String envName() {
        return "WEFT_" + name.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The system property that sets the key, e.g. {@code weft.stuck.threshold}. */
    public String propertyName() {
        return "weft." + name;
    }

    /**
     * What a user may write, in words, e.g. "an integer from 0 to 65535" or
     * "a duration such as 250ms, 30s, 5m or 1h, from 0 to 1h".
     */
    public String accepted() {
        return accepted;
    }

    /** The key's name. */
    @Override
    public String toString() {
        return name;
    }

    // ---------------------------------------------------------------- package-private use

    /** The value for a (trimmed) text, or {@code null} if the text is not accepted. */
    T parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The value as a user would write it; {@code parse(format(v))} equals {@code v}. */
    String format(T value) {
        return formatter.apply(value);
    }

    /** Formats a value of this key known only as {@code Object}. */
    String formatObject(Object value) {
        @SuppressWarnings("unchecked")
        T t = (T) value;
        return format(t);
    }

    // ---------------------------------------------------------------- parsing helpers

    private static String requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("missing text for config key " + name);
        }
        return s;
    }

    private static void checkBounds(String name, long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("bad bounds for " + name + ": " + min + ".." + max);
        }
    }

    private static String integerRange(long min, long max, long typeMin, long typeMax) {
        if (min == typeMin && max == typeMax) {
            return "an integer";
        } else if (max == typeMax) {
            return "an integer of at least " + min;
        } else if (min == typeMin) {
            return "an integer of at most " + max;
        }
        return "an integer from " + min + " to " + max;
    }

    /** ASCII digits only (the JDK parsers also accept other scripts' digits). */
    private static Long parseLong(String s) {
        if (!isInteger(s)) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@code 0}, or a whole number of ASCII digits followed by {@code ms}, {@code s}, {@code m} or
     * {@code h}; {@code null} for anything else, including durations too long to count in
     * nanoseconds (about 292 years).
     */
    static Duration parseDuration(String s) {
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        int digits = 0;
        while (digits < s.length() && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0 || digits > 18) { // 18 digits always fit in a long
            return null;
        }
        long n = Long.parseLong(s.substring(0, digits));
        try {
            Duration d;
            switch (s.substring(digits)) {
                case "ms": d = Duration.ofMillis(n); break;
                case "s": d = Duration.ofSeconds(n); break;
                case "m": d = Duration.ofMinutes(n); break;
                case "h": d = Duration.ofHours(n); break;
                default: return null;
            }
            d.toNanos(); // throws ArithmeticException if too long
            return d;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The shortest form {@link #parseDuration} reads back, e.g. {@code 90s}, {@code 5m}, {@code 0}. */
    static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        } else if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        } else if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }

    private static List<String> parseList(String s) {
        List<String> items = new ArrayList<>();
        for (String item : s.split(LIST_SEPARATOR, -1)) {
            String trimmed = item.trim();
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return Collections.unmodifiableList(items);
    }

    // Declarations run in premain on the application's main thread: anonymous classes and plain
    // loops instead of lambdas and regular expressions keep that free of invokedynamic bootstrap
    // and Pattern compilation (together about 15 ms).

    /** {@code String.valueOf} as a formatter. */
    private static final class ToText<V> implements Function<V, String> {
        @Override
        public String apply(V v) {
            return String.valueOf(v);
        }
    }

    /** Lower-case words of letters and digits, each starting with a letter, joined by dots. */
    private static boolean isKeyName(String name) {
        boolean wordStart = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (wordStart) {
                if (c < 'a' || c > 'z') {
                    return false;
                }
                wordStart = false;
            } else if (c == '.') {
                wordStart = true;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return !name.isEmpty() && !wordStart;
    }

    /** An optional sign and one or more ASCII digits. */
    private static boolean isInteger(String s) {
        int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        if (i == s.length()) {
            return false;
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
