package dev.weft.agent.config;

import java.time.Duration;
import java.util.List;

/**
 * Every configuration key of the agent, each declared once.
 *
 * <p>To add a key, declare one constant here with the factory for its type
 * ({@code string}, {@code integer}, {@code longValue}, {@code bool}, {@code duration},
 * {@code stringList} in {@link ConfigKey}) and append it to {@link #ALL}; then regenerate the
 * README table with {@link #main(String[])} (the test {@code ReadmeConfigTableTest} fails until the
 * README matches). For example:
 *
 * <pre>{@code
 * public static final ConfigKey<Duration> STUCK_THRESHOLD = ConfigKey.duration("stuck.threshold",
 *         Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(24),
 *         "How long a thread may stay in one wait before it is reported as stuck.");
 * }</pre>
 */
public final class Keys {

    /** Address the HTTP endpoint binds to. */
    public static final ConfigKey<String> HOST = ConfigKey.string("host", "127.0.0.1", false,
            "a host name or IP address",
            "Address the HTTP endpoint binds to.");

    /** Port of the HTTP endpoint; {@code 0} disables the endpoint. */
    public static final ConfigKey<Integer> PORT = ConfigKey.integer("port", 9797, 0, 65535,
            "Port of the HTTP endpoint; 0 disables the endpoint.");

    /** Path of a properties file with more settings (the key is not read from the file itself). */
    public static final ConfigKey<String> CONFIG = ConfigKey.string("config", "", true,
            "the path of a UTF-8 properties file, or empty for none",
            "Properties file with the same keys, below environment variables in precedence. "
                    + "Set it by agent argument, system property or environment, not in the file.");

    /** Silences the one start-up line; warnings are always printed. */
    public static final ConfigKey<Boolean> QUIET = ConfigKey.bool("quiet", false,
            "Silences the one start-up line; warnings are always printed.");

    /**
     * Threshold of the JFR {@code jdk.JavaMonitorEnter} events that feed
     * {@code jvm_lock_contention_seconds{kind="monitor"}}.
     */
    public static final ConfigKey<Duration> MONITOR_THRESHOLD = ConfigKey.duration("monitor.threshold",
            Duration.ofMillis(20), Duration.ofMillis(1), Duration.ofMinutes(10),
            "Shortest blocked synchronized enter that counts in jvm_lock_contention_seconds{kind=\"monitor\"}"
                    + " (JFR jdk.JavaMonitorEnter threshold; JFR's default is 20ms). JFR merges the settings of"
                    + " all recordings, so a lower value also adds the shorter events to the application's own"
                    + " JFR recordings.");

    /**
     * Threshold of the JFR {@code jdk.JavaMonitorWait}, {@code jdk.ThreadPark} and
     * {@code jdk.ThreadSleep} events that feed {@code jvm_lock_wait_seconds}.
     */
    public static final ConfigKey<Duration> WAIT_THRESHOLD = ConfigKey.duration("wait.threshold",
            Duration.ofMillis(20), Duration.ofMillis(1), Duration.ofMinutes(10),
            "Shortest Object.wait, Condition.await, LockSupport.park or Thread.sleep that counts in"
                    + " jvm_lock_wait_seconds (JFR jdk.JavaMonitorWait, jdk.ThreadPark and jdk.ThreadSleep"
                    + " threshold; JFR's default is 20ms). A lower value also adds the shorter events to the"
                    + " application's own JFR recordings.");

    /** Threshold of the {@code dev.weft.LockContention} JFR event. */
    public static final ConfigKey<Duration> LOCK_EVENT_THRESHOLD = ConfigKey.duration("lock.event.threshold",
            Duration.ofMillis(20), Duration.ofMillis(1), Duration.ofMinutes(10),
            "Shortest contended java.util.concurrent lock acquisition that is attributed to its acquiring"
                    + " stack in /contention and written as a dev.weft.LockContention JFR event (only while a JFR"
                    + " recording runs).");

    /** All keys, in declaration order (the order of the README table). */
    public static final List<ConfigKey<?>> ALL = List.of(HOST, PORT, CONFIG, QUIET, MONITOR_THRESHOLD,
            WAIT_THRESHOLD, LOCK_EVENT_THRESHOLD);

    private Keys() {
    }

    /**
     * The README's configuration table: a header and one row per key of {@link #ALL}, in order,
     * lines separated by {@code \n}, without a trailing newline.
     */
    public static String markdownTable() {
        return markdownTable(ALL);
    }

    static String markdownTable(List<ConfigKey<?>> keys) {
        StringBuilder sb = new StringBuilder()
                .append("| key | type | default | accepted | description |\n")
                .append("|---|---|---|---|---|");
        for (ConfigKey<?> key : keys) {
            String def = key.formatObject(key.defaultValue());
            sb.append("\n| ").append(code(key.name()))
                    .append(" | ").append(typeLabel(key.type()))
                    .append(" | ").append(def.isEmpty() ? "(none)" : code(def))
                    .append(" | ").append(cell(key.accepted()))
                    .append(" | ").append(cell(key.description()))
                    .append(" |");
        }
        return sb.toString();
    }

    /** Prints {@link #markdownTable()} to standard output, to paste into the README. */
    public static void main(String[] args) {
        System.out.println(markdownTable());
    }

    static String typeLabel(ConfigKey.Type type) {
        switch (type) {
            case STRING: return "string";
            case INT: return "int";
            case LONG: return "long";
            case BOOLEAN: return "boolean";
            case DURATION: return "duration";
            case STRING_LIST: return "list";
            default: throw new AssertionError(type);
        }
    }

    /** Text for a table cell: pipes escaped, line breaks flattened. */
    static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** Inline code for a table cell, with a fence longer than any backtick run inside. */
    static String code(String text) {
        String fence = "`";
        while (text.contains(fence)) {
            fence += "`";
        }
        String body = text.startsWith("`") || text.endsWith("`") ? " " + text + " " : text;
        return fence + cell(body) + fence;
    }
}
