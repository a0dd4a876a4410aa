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

    /** User name for HTTP basic authentication; empty for none. */
    public static final ConfigKey<String> AUTH_USER = ConfigKey.string("auth.user", "", true,
            "a user name, or empty for no authentication",
            "User name for HTTP basic authentication of every endpoint except /-/healthy.");

    /** Password for basic authentication. */
    public static final ConfigKey<String> AUTH_PASSWORD = ConfigKey.secret("auth.password",
            "a password (never printed)",
            "Password for basic authentication. Agent arguments and system properties show in ps: prefer the "
                    + "environment variable WEFT_AUTH_PASSWORD or a config file only the service can read.");

    /** Key store with the endpoint's TLS key and certificate; empty for plain HTTP. */
    public static final ConfigKey<String> TLS_KEYSTORE = ConfigKey.string("tls.keystore", "", true,
            "the path of a PKCS12 or JKS key store, or empty for plain HTTP",
            "Serve HTTPS with the key and certificate in this key store. If it cannot be used, the endpoint "
                    + "stays off rather than fall back to plain HTTP.");

    /** Password of the key store (and of its key). */
    public static final ConfigKey<String> TLS_KEYSTORE_PASSWORD = ConfigKey.secret("tls.keystore.password",
            "a password (never printed)", "Password of tls.keystore and of the key in it.");

    /** Whether the endpoints that reveal code are served. */
    public static final ConfigKey<String> CODE_ENDPOINTS = ConfigKey.choice("endpoints.code", "auto",
            List.of("auto", "on", "off"),
            "Endpoints that reveal code (/threads, /findings: stacks, class and thread names). auto serves them "
                    + "only when host is a loopback address.");

    /** Whether the agent runs its in-process JFR stream. */
    public static final ConfigKey<Boolean> JFR_STREAM = ConfigKey.bool("jfr.stream", true,
            "Run the in-process JFR stream (thread weft-jfr) that feeds jvm_gc_pause_seconds (nanosecond pauses),"
                    + " monitor contention, jvm_lock_wait_seconds and virtual-thread pinning. false: no JFR recording"
                    + " runs because of Weft (a running recording adds JFR's own bookkeeping to every thread start and"
                    + " exit, about a third more for an empty thread's start+join); GC pauses then come from GC"
                    + " notifications (whole milliseconds) and those JFR-fed figures are not measured.");

    /** Whether the agent starts a continuous JFR recording itself. */
    public static final ConfigKey<Boolean> JFR_RECORD = ConfigKey.bool("jfr.record", false,
            "Start a continuous JFR recording with JFR's default settings plus weft.jfc, written to jfr.file "
                    + "when the JVM exits.");

    /** Where that recording is written. */
    public static final ConfigKey<String> JFR_FILE = ConfigKey.string("jfr.file", "", true,
            "a file path, or empty for weft-<pid>.jfr in the working directory",
            "File the recording is dumped to when the JVM exits (also at any time with jcmd <pid> JFR.dump name=weft).");

    /** How much history the recording keeps. */
    public static final ConfigKey<Duration> JFR_MAXAGE = ConfigKey.duration("jfr.maxage",
            Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofHours(168),
            "How much history the recording keeps.");

    /** How much disk the recording may use. */
    public static final ConfigKey<Integer> JFR_MAXSIZE = ConfigKey.integer("jfr.maxsize", 250, 1, 1_000_000,
            "How many megabytes of history the recording keeps at most.");

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

    /** Interval of the monitor thread that runs the detectors. */
    public static final ConfigKey<Duration> MONITOR_INTERVAL = ConfigKey.duration("monitor.interval",
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(10),
            "How often the monitor thread (weft-monitor) runs the thread-count and leak detectors. Each run reads"
                    + " counters and the ledger's live-thread records; no stack is taken and no safepoint is requested.");

    /** Live platform threads above which a thread_count finding is raised. */
    public static final ConfigKey<Integer> THREADS_MAX = ConfigKey.integer("threads.max", 2000, 1, 10_000_000,
            "Live platform threads above which a thread_count finding is raised (it clears below 90 % of it)."
                    + " Virtual threads are not counted against it.");

    /** Live virtual threads above which a thread_count finding is raised. */
    public static final ConfigKey<Integer> THREADS_VIRTUAL_MAX = ConfigKey.integer("threads.virtual.max", 1_000_000, 1,
            Integer.MAX_VALUE,
            "Live virtual threads (started since the agent started and not yet ended) above which a thread_count"
                    + " finding is raised, apart from threads.max (it clears below 90 % of it).");

    /** One virtual-thread start in how many has its creation site captured. */
    public static final ConfigKey<Integer> THREADS_VIRTUAL_SAMPLE = ConfigKey.integer("threads.virtual.sample", 100, 0,
            1_000_000,
            "Creation sites of virtual threads are sampled: 1 start in this many, at random, has its stack walked"
                    + " (as platform-thread starts beyond threads.sites.rate are); 1 samples every start, 0 none.");

    /** Platform-thread starts per group and second whose creation site is always captured. */
    public static final ConfigKey<Integer> THREADS_SITES_RATE = ConfigKey.integer("threads.sites.rate", 50, 0,
            1_000_000,
            "Every platform-thread start has its creation site captured while its group (name with digits as #)"
                    + " starts at most this many threads in the current second; beyond, threads.sites.sample applies.");

    /** Beyond {@link #THREADS_SITES_RATE}, one platform-thread start in how many has its creation site captured. */
    public static final ConfigKey<Integer> THREADS_SITES_SAMPLE = ConfigKey.integer("threads.sites.sample", 20, 0,
            1_000_000,
            "Starts of a group beyond threads.sites.rate per second: 1 in this many, at random, has its creation site"
                    + " captured, and counts for this many in the leak detector; 1 captures every start, 0 none.");

    /** The window over which a creation site's live threads must keep growing to be suspected of a leak. */
    public static final ConfigKey<Duration> LEAK_WINDOW = ConfigKey.duration("leak.window",
            Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(24),
            "A leak finding is raised for a creation site whose live threads grew by at least 10 over this window"
                    + " and grew in each quarter of it; it clears when they no longer grow across a whole window.");

    /** How often deadlocks are searched for. */
    public static final ConfigKey<Duration> DEADLOCK_INTERVAL = ConfigKey.duration("deadlock.interval",
            Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1),
            "How often the deadlock check runs: every thread's lock owner is read without stacks (no safepoint), and"
                    + " only when those close a cycle does ThreadMXBean.findDeadlockedThreads (a safepoint operation) confirm"
                    + " it; never per scrape; jvm_threads_deadlocked shows its last result.");

    /** How long one wait may last before the thread is reported as stuck. */
    public static final ConfigKey<Duration> STUCK_THRESHOLD = ConfigKey.duration("stuck.threshold",
            Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(24),
            "A stuck finding is raised for a thread that stays in one park, wait, monitor entry, future or socket read, write or connect"
                    + " longer than this. Idle pool workers waiting for work and threads in Thread.sleep are never stuck.");

    /** How long a pool must stay saturated (all threads busy, queue growing) before it is reported. */
    public static final ConfigKey<Duration> EXECUTOR_SATURATION_WINDOW = ConfigKey.duration("executor.saturation.window",
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(24),
            "A saturated finding is raised for a thread pool whose threads are all busy with a non-empty queue at every"
                    + " monitor run for this long while its queue grew; a rejected finding clears after this long"
                    + " without a rejection.");

    /** Threshold of the JFR {@code jdk.VirtualThreadPinned} events that feed the pinned-time histogram. */
    public static final ConfigKey<Duration> VIRTUAL_PINNED_THRESHOLD = ConfigKey.duration("virtual.pinned.threshold",
            Duration.ofMillis(20), Duration.ofMillis(1), Duration.ofMinutes(10),
            "Shortest pinning of a virtual thread (blocking while pinned to its carrier) that counts in"
                    + " jvm_threads_virtual_pinned_seconds (JFR jdk.VirtualThreadPinned threshold, JDK 21+; JFR's"
                    + " default is 20ms). A lower value also adds the shorter events to the application's own JFR"
                    + " recordings.");

    /** A stop-the-world GC pause at least this long raises a {@code gc_pause} finding. */
    public static final ConfigKey<Duration> GC_PAUSE_THRESHOLD = ConfigKey.duration("gc.pause.threshold",
            Duration.ofMillis(500), Duration.ofMillis(1), Duration.ofHours(1),
            "A stop-the-world GC pause at least this long (JFR longestPause of one collection) raises a gc_pause"
                    + " finding naming the collector, cause and duration; it clears a minute after the collector's last"
                    + " such pause. The in-agent twin of the JvmGcPauseLong alert.");

    /** Share of wall time in GC pauses, in per cent, above which a {@code gc_overhead} finding is raised. */
    public static final ConfigKey<Integer> GC_OVERHEAD_THRESHOLD = ConfigKey.integer("gc.overhead.threshold", 5, 1, 100,
            "Per cent of wall time the application may spend stopped in GC pauses over gc.overhead.window before a"
                    + " gc_overhead finding is raised (cleared below 90% of it). 100 never fires. The in-agent twin of"
                    + " the JvmGcTimeTooHigh alert, over stop-the-world pauses only.");

    /** The window of the GC overhead finding. */
    public static final ConfigKey<Duration> GC_OVERHEAD_WINDOW = ConfigKey.duration("gc.overhead.window",
            Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(24),
            "Window over which gc.overhead.threshold is evaluated (nothing is raised before one window has passed).");

    /** p99 of contended acquisitions of one lock kind above which a {@code lock_contention} finding is raised. */
    public static final ConfigKey<Duration> LOCK_CONTENTION_THRESHOLD = ConfigKey.duration("lock.contention.threshold",
            Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofHours(1),
            "A lock_contention finding is raised for a lock kind whose contended acquisitions had a p99 above this"
                    + " over lock.contention.window (at least 20 of them). The in-agent twin of the"
                    + " JvmLockContentionHigh alert.");

    /** The window of the lock contention finding. */
    public static final ConfigKey<Duration> LOCK_CONTENTION_WINDOW = ConfigKey.duration("lock.contention.window",
            Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(24),
            "Window over which lock.contention.threshold is evaluated.");

    /** Thread name globs of threads that must never block (event loops). */
    public static final ConfigKey<List<String>> NONBLOCKING_THREADS = ConfigKey.stringList("nonblocking.threads",
            List.of(),
            "Name globs (* and ?) of platform threads that must never block, such as event loops"
                    + " (nioEventLoopGroup-*;reactor-http-nio-*). A blocking socket or file call on such a thread raises a"
                    + " blocking_on_nonblocking_thread finding with its stack, once per thread group and call site. Empty by"
                    + " default: the ForkJoinPool common pool often does I/O in healthy services.");

    /** How long a non-blocking thread's call site must stay quiet before its finding clears. */
    public static final ConfigKey<Duration> NONBLOCKING_QUIET = ConfigKey.duration("nonblocking.quiet",
            Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(24),
            "A blocking_on_nonblocking_thread finding clears when its thread group made no blocking call at that"
                    + " call site for this long.");

    /** All keys, in declaration order (the order of the README table). */
    public static final List<ConfigKey<?>> ALL = List.of(HOST, PORT, CONFIG, QUIET, AUTH_USER, AUTH_PASSWORD,
            TLS_KEYSTORE, TLS_KEYSTORE_PASSWORD, CODE_ENDPOINTS, JFR_STREAM, JFR_RECORD, JFR_FILE, JFR_MAXAGE, JFR_MAXSIZE,
            MONITOR_THRESHOLD, WAIT_THRESHOLD, LOCK_EVENT_THRESHOLD, MONITOR_INTERVAL, THREADS_MAX, THREADS_VIRTUAL_MAX,
            THREADS_VIRTUAL_SAMPLE, THREADS_SITES_RATE, THREADS_SITES_SAMPLE, LEAK_WINDOW, STUCK_THRESHOLD, DEADLOCK_INTERVAL, EXECUTOR_SATURATION_WINDOW,
            VIRTUAL_PINNED_THRESHOLD, GC_PAUSE_THRESHOLD, GC_OVERHEAD_THRESHOLD, GC_OVERHEAD_WINDOW,
            LOCK_CONTENTION_THRESHOLD, LOCK_CONTENTION_WINDOW, NONBLOCKING_THREADS, NONBLOCKING_QUIET);

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
