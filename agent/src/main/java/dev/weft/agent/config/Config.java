package dev.weft.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The agent's effective configuration: one value for every key of {@link Keys#ALL}, and where it
 * came from. Immutable and thread-safe.
 *
 * <h2>Sources, highest precedence first</h2>
 * <ol>
 *   <li>agent arguments: {@code -javaagent:weft-agent.jar=key=value,key=value} &mdash; segments
 *       are separated by {@code ','} (so a value given here cannot contain one), split on their
 *       first {@code '='}; empty segments are skipped; if a key repeats, the last one counts;</li>
 *   <li>system properties {@code weft.<key>} (other properties are not looked at);</li>
 *   <li>environment variables {@code WEFT_<KEY>} (key upper-cased, dots become underscores);</li>
 *   <li>the config file named by the key {@code config} (from one of the sources above), read as a
 *       UTF-8 {@link Properties} file with the same keys;</li>
 *   <li>the key's default.</li>
 * </ol>
 * Keys and values are trimmed of surrounding whitespace in every source; everything else in a value
 * is kept as is. Keys are case-sensitive.
 *
 * <h2>Bad input</h2>
 * Loading never throws and never prints. Each problem gives exactly one line to the warning sink,
 * naming the key, the value, its source, what is accepted and, for a rejected value, which value is
 * used instead: the next valid one in precedence order, else the default. Problems are an unknown key
 * (also an unknown {@code weft.*} system property, except the test-only {@code weft.test.*}, or
 * {@code WEFT_*} environment variable), a
 * segment without {@code '='}, a repeated agent argument, a value that is malformed or out of
 * bounds, a {@code config} key inside the config file, and a config file that cannot be read (the
 * other sources still apply).
 */
public final class Config {

    /** Opens the config file; tests substitute their own. */
    @FunctionalInterface
    interface FileSource {
        /** Opens the file at {@code path} for reading as text. */
        Reader open(String path) throws IOException;
    }

    /** Reads the file system, as UTF-8 (invalid bytes are an error, not replaced). */
    static final FileSource FILES = new FileSource() {
        @Override
        public Reader open(String path) throws IOException {
            Path p = Path.of(path);
            if (Files.isDirectory(p)) {
                throw new IOException("it is a directory");
            }
            return Files.newBufferedReader(p, StandardCharsets.UTF_8);
        }
    };

    /** Source name of a value nobody set. */
    static final String DEFAULT_SOURCE = "default";

    private static final String AGENT_ARGS = "agent arguments";
    private static final int ARGS = 0;
    private static final int PROPERTY = 1;
    private static final int ENV = 2;
    private static final int FILE = 3;

    private final Map<ConfigKey<?>, Object> values; // identity keys (ConfigKey has no equals)
    private final Map<ConfigKey<?>, String> sources;

    private Config(Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    /**
     * The value of a key.
     *
     * @throws IllegalArgumentException if the key is not one of the declared keys
     */
    public <T> T get(ConfigKey<T> key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("not a declared config key: " + key);
        }
        @SuppressWarnings("unchecked")
        T t = (T) value;
        return t;
    }

    /**
     * Where the value of a key came from, for diagnostics: {@code "agent arguments"},
     * {@code "system property weft.port"}, {@code "environment WEFT_PORT"},
     * {@code "config file /path/weft.properties"} or {@code "default"}.
     *
     * @throws IllegalArgumentException if the key is not one of the declared keys
     */
    public String source(ConfigKey<?> key) {
        String source = sources.get(key);
        if (source == null) {
            throw new IllegalArgumentException("not a declared config key: " + key);
        }
        return source;
    }

    /** Every key with its value and source, e.g. {@code port=9797 (default), quiet=true (...)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<ConfigKey<?>, Object> e : values.entrySet()) {
            ConfigKey<?> key = e.getKey();
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(key.name()).append('=').append(key.isSecret() ? "***" : key.formatObject(e.getValue()))
                    .append(" (").append(sources.get(key)).append(')');
        }
        return sb.toString();
    }

    /** Every key at its default. */
    public static Config defaults() {
        return defaults(Keys.ALL);
    }

    /**
     * Reads the configuration from all sources, reading the config file if the key {@code config}
     * names one.
     *
     * @param agentArgs the agent argument string as passed to {@code premain}; may be {@code null}
     * @param systemProperties usually {@link System#getProperties()}; may be {@code null}
     * @param environment usually {@link System#getenv()}; may be {@code null}
     * @param warnings receives one line per problem; may be {@code null} to drop them
     * @return the configuration; never {@code null}, even for the worst input
     */
    public static Config load(String agentArgs, Properties systemProperties,
                              Map<String, String> environment, Consumer<String> warnings) {
        return load(Keys.ALL, agentArgs, systemProperties, environment, FILES, warnings);
    }

    /** {@link #load(String, Properties, Map, Consumer)} for any key set and file source. */
    static Config load(List<ConfigKey<?>> keys, String agentArgs, Properties systemProperties,
                       Map<String, String> environment, FileSource files, Consumer<String> warnings) {
        Consumer<String> sink = new Consumer<String>() {
            @Override
            public void accept(String line) {
                if (warnings != null) {
                    try {
                        warnings.accept(oneLine(line));
                    } catch (RuntimeException ignored) {
                        // a failing sink must not stop the application from starting
                    }
                }
            }
        };
        try {
            return new Loader(keys, sink).load(agentArgs, systemProperties, environment, files);
        } catch (RuntimeException e) {
            sink.accept("weft: unexpected error while reading the configuration (" + e
                    + "); using the defaults");
            return defaults(keys);
        }
    }

    static Config defaults(List<ConfigKey<?>> keys) {
        Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
        Map<ConfigKey<?>, String> sources = new HashMap<>();
        for (ConfigKey<?> key : keys) {
            values.put(key, key.defaultValue());
            sources.put(key, DEFAULT_SOURCE);
        }
        return new Config(Collections.unmodifiableMap(values), Collections.unmodifiableMap(sources));
    }

    /** Escapes control characters so that a warning is always exactly one line. */
    static String oneLine(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
            if (control && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (!control) {
                    sb.append(c);
                } else if (c == '\n') {
                    sb.append("\\n");
                } else if (c == '\r') {
                    sb.append("\\r");
                } else if (c == '\t') {
                    sb.append("\\t");
                } else {
                    sb.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** One value as given by one source. */
    private static final class Raw {
        final String value;
        final String where;

        Raw(String value, String where) {
            this.value = value;
            this.where = where;
        }
    }

    /** The state of one {@link #load} call. */
    private static final class Loader {
        private final List<ConfigKey<?>> keys;
        private final Consumer<String> warn;
        private final Map<String, ConfigKey<?>> byName = new HashMap<>();
        private final Map<String, ConfigKey<?>> byEnvName = new HashMap<>();
        /** Per key, the raw value of each source, indexed by ARGS, PROPERTY, ENV, FILE. */
        private final Map<ConfigKey<?>, Raw[]> raw = new HashMap<>();

        Loader(List<ConfigKey<?>> keys, Consumer<String> warn) {
            this.keys = keys;
            this.warn = warn;
            for (ConfigKey<?> key : keys) {
                byName.put(key.name(), key);
                byEnvName.put(key.envName(), key);
                raw.put(key, new Raw[4]);
            }
        }

        Config load(String agentArgs, Properties systemProperties, Map<String, String> environment,
                    FileSource files) {
            readAgentArgs(agentArgs);
            readSystemProperties(systemProperties);
            readEnvironment(environment);
            ConfigKey<?> configKey = byName.get(Keys.CONFIG.name());
            if (configKey == Keys.CONFIG) {
                Raw file = firstValid(Keys.CONFIG, FILE);
                if (file != null && !file.value.isEmpty()) {
                    readFile(file, files);
                }
            }

            Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
            Map<ConfigKey<?>, String> sources = new HashMap<>();
            for (ConfigKey<?> key : keys) {
                Raw[] given = raw.get(key);
                Raw used = firstValid(key, given.length);
                Object value = used == null ? key.defaultValue() : key.parse(used.value);
                values.put(key, value);
                sources.put(key, used == null ? DEFAULT_SOURCE : used.where);
                for (Raw r : given) {
                    if (r != null && key.parse(r.value) == null) {
                        warn.accept("weft: ignoring " + key.name() + "=" + r.value + " from " + r.where
                                + ": expected " + key.accepted() + "; using " + describe(key, value, used));
                    }
                }
            }
            return new Config(Collections.unmodifiableMap(values), Collections.unmodifiableMap(sources));
        }

        private void readAgentArgs(String agentArgs) {
            if (agentArgs == null) {
                return;
            }
            for (String segment : agentArgs.split(",", -1)) {
                String s = segment.trim();
                if (s.isEmpty()) {
                    continue;
                }
                int eq = s.indexOf('=');
                String name = eq < 0 ? "" : s.substring(0, eq).trim();
                if (name.isEmpty()) {
                    warn.accept("weft: ignoring '" + s + "' in " + AGENT_ARGS
                            + ": expected key=value, entries separated by commas; known keys are "
                            + knownKeys());
                    continue;
                }
                String value = s.substring(eq + 1).trim();
                ConfigKey<?> key = byName.get(name);
                if (key == null) {
                    unknownKey(name, value, AGENT_ARGS);
                    continue;
                }
                Raw[] given = raw.get(key);
                if (given[ARGS] != null) {
                    warn.accept("weft: ignoring " + name + "=" + given[ARGS].value + " from " + AGENT_ARGS
                            + ": " + name + " is given again later in the " + AGENT_ARGS
                            + ", the last one counts");
                }
                given[ARGS] = new Raw(value, AGENT_ARGS);
            }
        }

        private void readSystemProperties(Properties properties) {
            if (properties == null) {
                return;
            }
            Map<String, String> sorted = new TreeMap<>();
            for (String name : properties.stringPropertyNames()) {
                // weft.test.*: test-only switches read elsewhere (TestFaults), not configuration keys.
                if (name.startsWith("weft.") && !name.startsWith("weft.test.")) {
                    String value = properties.getProperty(name);
                    if (value != null) { // it may have been removed concurrently
                        sorted.put(name, value);
                    }
                }
            }
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                String name = e.getKey().substring("weft.".length());
                String value = e.getValue().trim();
                String where = "system property " + e.getKey();
                ConfigKey<?> key = byName.get(name);
                if (key == null) {
                    unknownKey(name, value, where);
                } else {
                    raw.get(key)[PROPERTY] = new Raw(value, where);
                }
            }
        }

        private void readEnvironment(Map<String, String> environment) {
            if (environment == null) {
                return;
            }
            Map<String, String> sorted = new TreeMap<>();
            for (Map.Entry<String, String> e : environment.entrySet()) {
                if (e.getKey() != null && e.getKey().startsWith("WEFT_") && e.getValue() != null) {
                    sorted.put(e.getKey(), e.getValue());
                }
            }
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                String value = e.getValue().trim();
                ConfigKey<?> key = byEnvName.get(e.getKey());
                if (key == null) {
                    List<String> known = new ArrayList<>();
                    for (ConfigKey<?> k : keys) {
                        known.add(k.envName());
                    }
                    warn.accept("weft: ignoring " + e.getKey() + "=" + value
                            + " from environment: unknown variable; known variables are "
                            + String.join(", ", known));
                } else {
                    raw.get(key)[ENV] = new Raw(value, "environment " + e.getKey());
                }
            }
        }

        private void readFile(Raw config, FileSource files) {
            String path = config.value;
            Properties properties = new Properties();
            try (Reader reader = Objects.requireNonNull(files.open(path), "no reader")) {
                properties.load(reader);
            } catch (IOException | RuntimeException e) {
                warn.accept("weft: ignoring " + Keys.CONFIG.name() + "=" + path + " from " + config.where
                        + ": cannot read it (" + reason(e) + "); expected " + Keys.CONFIG.accepted()
                        + "; continuing without a config file");
                return;
            }
            String where = "config file " + path;
            Map<String, String> sorted = new TreeMap<>();
            for (String name : properties.stringPropertyNames()) {
                sorted.put(name, properties.getProperty(name));
            }
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                String name = e.getKey().trim();
                String value = e.getValue().trim();
                ConfigKey<?> key = byName.get(name);
                if (key == Keys.CONFIG) {
                    warn.accept("weft: ignoring " + name + "=" + value + " from " + where
                            + ": the config file cannot name another config file; using " + path
                            + " from " + config.where);
                } else if (key == null) {
                    unknownKey(name, value, where);
                } else {
                    raw.get(key)[FILE] = new Raw(value, where);
                }
            }
        }

        /** The first valid raw value among the sources before {@code end}, or {@code null}. */
        private Raw firstValid(ConfigKey<?> key, int end) {
            Raw[] given = raw.get(key);
            for (int i = 0; i < end; i++) {
                if (given[i] != null && key.parse(given[i].value) != null) {
                    return given[i];
                }
            }
            return null;
        }

        private void unknownKey(String name, String value, String where) {
            warn.accept("weft: ignoring " + name + "=" + value + " from " + where
                    + ": unknown key; known keys are " + knownKeys());
        }

        private String knownKeys() {
            List<String> names = new ArrayList<>();
            for (ConfigKey<?> key : keys) {
                names.add(key.name());
            }
            return String.join(", ", names);
        }

        private static String describe(ConfigKey<?> key, Object value, Raw used) {
            String text = key.isSecret() ? "***" : key.formatObject(value);
            if (text.isEmpty()) {
                text = "\"\"";
            }
            return used == null ? text : text + " from " + used.where;
        }

        private static String reason(Exception e) {
            if (e instanceof NoSuchFileException) {
                return "no such file";
            } else if (e instanceof AccessDeniedException) {
                return "permission denied";
            } else if (e instanceof CharacterCodingException) {
                return "it is not valid UTF-8";
            } else if (e instanceof InvalidPathException) {
                return "not a valid path";
            } else if (e instanceof IllegalArgumentException) {
                return "not a valid properties file: " + e.getMessage();
            }
            String message = e.getMessage();
            return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        }
    }
}
