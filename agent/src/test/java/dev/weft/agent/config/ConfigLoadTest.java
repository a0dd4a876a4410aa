package dev.weft.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Config#load}: sources, precedence and the warnings for bad input. */
class ConfigLoadTest {

    static final ConfigKey<Duration> STUCK = ConfigKey.duration("stuck.threshold", Duration.ofSeconds(30),
            Duration.ZERO, Duration.ofHours(24), "Test duration.");
    static final ConfigKey<List<String>> IGNORE = ConfigKey.stringList("threads.ignore", List.of(),
            "Test list.");
    /** The real keys plus one of each remaining type. */
    static final List<ConfigKey<?>> KEYS = List.of(Keys.HOST, Keys.PORT, Keys.CONFIG, Keys.QUIET,
            STUCK, IGNORE);

    final List<String> warnings = new ArrayList<>();
    final Properties props = new Properties();
    final Map<String, String> env = new HashMap<>();
    /** In-memory config files, by path. */
    final Map<String, String> files = new HashMap<>();

    Config load(String args) {
        return Config.load(KEYS, args, props, env, path -> {
            String text = files.get(path);
            if (text == null) {
                throw new NoSuchFileException(path);
            }
            return new StringReader(text);
        }, warnings::add);
    }

    void assertWarnings(String... expected) {
        assertEquals(List.of(expected), warnings);
    }

    // ------------------------------------------------------------------ defaults and empty input

    @Test
    void defaults() {
        Config c = Config.defaults();
        assertEquals("127.0.0.1", c.get(Keys.HOST));
        assertEquals(9797, c.get(Keys.PORT));
        assertEquals("", c.get(Keys.CONFIG));
        assertEquals(false, c.get(Keys.QUIET));
        for (ConfigKey<?> key : Keys.ALL) {
            assertEquals("default", c.source(key));
        }
        assertTrue(c.toString().startsWith("host=127.0.0.1 (default), port=9797 (default), config= (default), "
                + "quiet=false (default), "), c.toString());
        assertTrue(c.toString().contains("auth.password=*** (default)"), c.toString());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", ",", " , ,, ", "\t"})
    void emptyAgentArgs(String args) {
        Config c = load(args);
        assertWarnings();
        for (ConfigKey<?> key : KEYS) {
            assertEquals(key.defaultValue(), c.get(key));
            assertEquals("default", c.source(key));
        }
    }

    @Test
    void nullSourcesAndNullSink() {
        Config c = Config.load("port=1", null, null, null);
        assertEquals(1, c.get(Keys.PORT));
        Config d = Config.load(KEYS, "port=x,foo=1", null, null, Config.FILES, null);
        assertEquals(9797, d.get(Keys.PORT));
    }

    @Test
    void publicLoadUsesTheRealKeys() {
        props.setProperty("weft.quiet", "true");
        env.put("WEFT_HOST", "0.0.0.0");
        Config c = Config.load(" port = 8080 ", props, env, warnings::add);
        assertWarnings();
        assertEquals(8080, c.get(Keys.PORT));
        assertEquals(true, c.get(Keys.QUIET));
        assertEquals("0.0.0.0", c.get(Keys.HOST));
        assertEquals("agent arguments", c.source(Keys.PORT));
        assertEquals("system property weft.quiet", c.source(Keys.QUIET));
        assertEquals("environment WEFT_HOST", c.source(Keys.HOST));
        assertThrows(IllegalArgumentException.class, () -> c.get(STUCK));
        assertThrows(IllegalArgumentException.class, () -> c.source(STUCK));
    }

    // ------------------------------------------------------------------ precedence

    @Test
    void precedenceAcrossAllSources() {
        files.put("/etc/weft.properties", "port=4\nhost=file-host\nquiet=true\nstuck.threshold=4m\n");
        env.put("WEFT_CONFIG", "/etc/weft.properties");
        env.put("WEFT_PORT", "3");
        env.put("WEFT_HOST", "env-host");
        env.put("WEFT_STUCK_THRESHOLD", "3m");
        props.setProperty("weft.port", "2");
        props.setProperty("weft.stuck.threshold", "2m");
        Config c = load("stuck.threshold=1m");

        assertWarnings();
        assertEquals(Duration.ofMinutes(1), c.get(STUCK));
        assertEquals("agent arguments", c.source(STUCK));
        assertEquals(2, c.get(Keys.PORT));
        assertEquals("system property weft.port", c.source(Keys.PORT));
        assertEquals("env-host", c.get(Keys.HOST));
        assertEquals("environment WEFT_HOST", c.source(Keys.HOST));
        assertEquals(true, c.get(Keys.QUIET));
        assertEquals("config file /etc/weft.properties", c.source(Keys.QUIET));
        assertEquals(List.of(), c.get(IGNORE));
        assertEquals("default", c.source(IGNORE));
        assertEquals("/etc/weft.properties", c.get(Keys.CONFIG));
        assertEquals("environment WEFT_CONFIG", c.source(Keys.CONFIG));
    }

    @Test
    void eachSourceBeatsTheNextOne() {
        files.put("f", "port=4");
        String[] expectedSources = {"agent arguments", "system property weft.port", "environment WEFT_PORT",
            "config file f", "default"};
        int[] expectedPorts = {1, 2, 3, 4, 9797};
        for (int drop = 0; drop < 5; drop++) {
            props.clear();
            env.clear();
            files.clear();
            String args = drop <= 0 ? "config=f,port=1" : "config=f";
            if (drop <= 1) {
                props.setProperty("weft.port", "2");
            }
            if (drop <= 2) {
                env.put("WEFT_PORT", "3");
            }
            if (drop <= 3) {
                files.put("f", "port=4");
            } else {
                files.put("f", "");
            }
            Config c = load(args);
            assertEquals(expectedPorts[drop], c.get(Keys.PORT));
            assertEquals(expectedSources[drop], c.source(Keys.PORT));
        }
        assertWarnings();
    }

    @Test
    void configKeyFromSystemPropertyAndArgs() {
        files.put("a", "port=1");
        files.put("b", "port=2");
        props.setProperty("weft.config", "b");
        assertEquals(2, load(null).get(Keys.PORT));
        assertEquals(1, load("config=a").get(Keys.PORT));
        assertEquals(9797, load("config=").get(Keys.PORT)); // empty: no file at all
        assertWarnings();
    }

    // ------------------------------------------------------------------ malformed values

    @Test
    void malformedValueFallsBackToTheDefault() {
        Config c = load("port=abc");
        assertWarnings("weft: ignoring port=abc from agent arguments: "
                + "expected an integer from 0 to 65535; using 9797");
        assertEquals(9797, c.get(Keys.PORT));
        assertEquals("default", c.source(Keys.PORT));
    }

    @Test
    void malformedValueFallsBackToTheNextSource() {
        props.setProperty("weft.port", "70000");
        env.put("WEFT_PORT", "8080");
        Config c = load("port=-1");
        assertWarnings(
                "weft: ignoring port=-1 from agent arguments: expected an integer from 0 to 65535; "
                        + "using 8080 from environment WEFT_PORT",
                "weft: ignoring port=70000 from system property weft.port: expected an integer from 0 "
                        + "to 65535; using 8080 from environment WEFT_PORT");
        assertEquals(8080, c.get(Keys.PORT));
        assertEquals("environment WEFT_PORT", c.source(Keys.PORT));
    }

    @Test
    void malformedValueBelowAValidOneStillWarns() {
        files.put("f", "quiet=yes\n");
        env.put("WEFT_CONFIG", "f");
        Config c = load("quiet=TRUE");
        assertWarnings("weft: ignoring quiet=yes from config file f: expected true or false; "
                + "using true from agent arguments");
        assertEquals(true, c.get(Keys.QUIET));
    }

    @Test
    void oneWarningPerProblem() {
        load("port=x,quiet=1,host=,stuck.threshold=5,threads.ignore=a;b");
        assertWarnings(
                "weft: ignoring host= from agent arguments: expected a host name or IP address; "
                        + "using 127.0.0.1",
                "weft: ignoring port=x from agent arguments: expected an integer from 0 to 65535; "
                        + "using 9797",
                "weft: ignoring quiet=1 from agent arguments: expected true or false; using false",
                "weft: ignoring stuck.threshold=5 from agent arguments: expected a duration such as "
                        + "250ms, 30s, 5m or 1h, from 0 to 24h; using 30s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5x", "-1s", "ms", "99999999999999h", "25h", "1.5m"})
    void badDurations(String value) {
        Config c = load("stuck.threshold=" + value);
        assertWarnings("weft: ignoring stuck.threshold=" + value + " from agent arguments: expected a "
                + "duration such as 250ms, 30s, 5m or 1h, from 0 to 24h; using 30s");
        assertEquals(Duration.ofSeconds(30), c.get(STUCK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"250ms", "30s", "5m", "1h", "0"})
    void goodDurationsFromEverySource(String value) {
        Duration expected = ConfigKey.parseDuration(value);
        assertEquals(expected, load("stuck.threshold=" + value).get(STUCK));
        props.setProperty("weft.stuck.threshold", value);
        assertEquals(expected, load(null).get(STUCK));
        props.clear();
        env.put("WEFT_STUCK_THRESHOLD", value);
        assertEquals(expected, load(null).get(STUCK));
        env.clear();
        files.put("f", "stuck.threshold = " + value);
        assertEquals(expected, load("config=f").get(STUCK));
        assertWarnings();
    }

    // ------------------------------------------------------------------ syntax of agent arguments

    @Test
    void segmentsWithoutKeyOrEquals() {
        Config c = load("port,=5, quiet = true ,,");
        assertWarnings(
                "weft: ignoring 'port' in agent arguments: expected key=value, entries separated by "
                        + "commas; known keys are host, port, config, quiet, stuck.threshold, threads.ignore",
                "weft: ignoring '=5' in agent arguments: expected key=value, entries separated by "
                        + "commas; known keys are host, port, config, quiet, stuck.threshold, threads.ignore");
        assertEquals(true, c.get(Keys.QUIET));
        assertEquals(9797, c.get(Keys.PORT));
    }

    @Test
    void valuesSurviveIntact() {
        Config c = load("host=a=b=c, threads.ignore= \"x=1\" ; Grüße-* |ワーカー ,quiet=false");
        assertWarnings();
        assertEquals("a=b=c", c.get(Keys.HOST));
        assertEquals(List.of("\"x=1\"", "Grüße-* |ワーカー"), c.get(IGNORE));

        props.setProperty("weft.host", "'ホスト=1', x");
        env.put("WEFT_THREADS_IGNORE", "é=è;;\\");
        c = load(null);
        assertWarnings();
        assertEquals("'ホスト=1', x", c.get(Keys.HOST));
        assertEquals(List.of("é=è", "\\"), c.get(IGNORE));
    }

    @Test
    void repeatedAgentArgumentLastOneCounts() {
        Config c = load("port=1,port=2");
        assertWarnings("weft: ignoring port=1 from agent arguments: port is given again later in the "
                + "agent arguments, the last one counts");
        assertEquals(2, c.get(Keys.PORT));
    }

    @Test
    void controlCharactersCannotSplitAWarning() {
        props.setProperty("weft.port", "1\n2\u2028");
        load(null);
        assertWarnings("weft: ignoring port=1\\n2\\u2028 from system property weft.port: expected an "
                + "integer from 0 to 65535; using 9797");
    }

    // ------------------------------------------------------------------ unknown keys

    @Test
    void unknownKeysFromEverySource() {
        files.put("f", "bogus=4\nthreads.max=5\n");
        props.setProperty("weft.bogus", "2");
        props.setProperty("weft.PORT", "2");
        props.setProperty("java.home", "/jdk");        // not ours: no warning
        props.setProperty("weftx.port", "1");          // not ours: no warning
        env.put("WEFT_BOGUS", "3");
        env.put("WEFT_STUCK.THRESHOLD", "3s");         // not the declared env name
        env.put("weft_port", "1");                     // not ours (case-sensitive)
        env.put("PATH", "/bin");
        Config c = load("config=f,bogus=1,PORT=1");
        String known = "known keys are host, port, config, quiet, stuck.threshold, threads.ignore";
        String knownVars = "known variables are WEFT_HOST, WEFT_PORT, WEFT_CONFIG, WEFT_QUIET, "
                + "WEFT_STUCK_THRESHOLD, WEFT_THREADS_IGNORE";
        assertWarnings(
                "weft: ignoring bogus=1 from agent arguments: unknown key; " + known,
                "weft: ignoring PORT=1 from agent arguments: unknown key; " + known,
                "weft: ignoring PORT=2 from system property weft.PORT: unknown key; " + known,
                "weft: ignoring bogus=2 from system property weft.bogus: unknown key; " + known,
                "weft: ignoring WEFT_BOGUS=3 from environment: unknown variable; " + knownVars,
                "weft: ignoring WEFT_STUCK.THRESHOLD=3s from environment: unknown variable; " + knownVars,
                "weft: ignoring bogus=4 from config file f: unknown key; " + known,
                "weft: ignoring threads.max=5 from config file f: unknown key; " + known);
        assertEquals(9797, c.get(Keys.PORT));
        assertEquals(Duration.ofSeconds(30), c.get(STUCK));
    }

    @Test
    void testSwitchesAreNotConfigurationKeys() {
        props.setProperty("weft.test.faults", "true"); // read by TestFaults, for StressIT only
        Config c = load(null);
        assertWarnings();
        assertEquals(9797, c.get(Keys.PORT));
    }

    @Test
    void configKeyInsideTheConfigFile() {
        files.put("f", "config=g\nport=1\n");
        files.put("g", "port=2\n");
        Config c = load("config=f");
        assertWarnings("weft: ignoring config=g from config file f: the config file cannot name another "
                + "config file; using f from agent arguments");
        assertEquals(1, c.get(Keys.PORT));
    }

    // ------------------------------------------------------------------ config files on disk

    @Test
    void realFileIsReadAsUtf8(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weft.properties");
        Files.writeString(file, "# comment\nhost = höst-名前=1 \nquiet=true\nport:1234\n",
                StandardCharsets.UTF_8);
        Config c = Config.load("config=" + file, props, env, warnings::add);
        assertWarnings();
        assertEquals("höst-名前=1", c.get(Keys.HOST));
        assertEquals(true, c.get(Keys.QUIET));
        assertEquals(1234, c.get(Keys.PORT));
        assertEquals("config file " + file, c.source(Keys.PORT));
    }

    @Test
    void missingFile(@TempDir Path dir) {
        Path file = dir.resolve("nope.properties");
        props.setProperty("weft.config", file.toString());
        Config c = Config.load("port=1", props, env, warnings::add);
        assertWarnings("weft: ignoring config=" + file + " from system property weft.config: cannot read "
                + "it (no such file); expected the path of a UTF-8 properties file, or empty for none; "
                + "continuing without a config file");
        assertEquals(1, c.get(Keys.PORT));
        assertEquals("127.0.0.1", c.get(Keys.HOST));
    }

    @Test
    void directoryInsteadOfAFile(@TempDir Path dir) {
        env.put("WEFT_CONFIG", dir.toString());
        Config c = Config.load(null, props, env, warnings::add);
        assertWarnings("weft: ignoring config=" + dir + " from environment WEFT_CONFIG: cannot read it "
                + "(it is a directory); expected the path of a UTF-8 properties file, or empty for none; "
                + "continuing without a config file");
        assertEquals(9797, c.get(Keys.PORT));
    }

    @Test
    void fileThatIsNotUtf8(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.properties");
        Files.write(file, "host=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Config c = Config.load("config=" + file, props, env, warnings::add);
        assertWarnings("weft: ignoring config=" + file + " from agent arguments: cannot read it (it is "
                + "not valid UTF-8); expected the path of a UTF-8 properties file, or empty for none; "
                + "continuing without a config file");
        assertEquals("127.0.0.1", c.get(Keys.HOST));
    }

    @Test
    void fileWithABadEscape() {
        files.put("f", "host=\\uZZZZ\n");
        load("config=f");
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("weft: ignoring config=f from agent arguments: cannot read "
                + "it (not a valid properties file: "), warnings.get(0));
    }

    @Test
    void invalidPath() {
        Config c = Config.load(KEYS, "config=a\u0000b", props, env, Config.FILES, warnings::add);
        assertWarnings("weft: ignoring config=a\\u0000b from agent arguments: cannot read it (not a valid "
                + "path); expected the path of a UTF-8 properties file, or empty for none; "
                + "continuing without a config file");
        assertEquals(9797, c.get(Keys.PORT));
    }

    // ------------------------------------------------------------------ robustness

    @Test
    void failingSinkOrFileSourceNeverThrows() {
        Config c = Config.load(KEYS, "port=x,config=f", props, env, path -> {
            throw new IllegalStateException("boom");
        }, line -> {
            throw new IllegalStateException("sink");
        });
        assertEquals(9797, c.get(Keys.PORT));
        Config d = Config.load(KEYS, "config=f", props, env, path -> null, warnings::add);
        assertEquals(9797, d.get(Keys.PORT));
        assertEquals(1, warnings.size());
    }

    @Test
    void everyWarningIsOneLine() {
        props.setProperty("weft.x\ny", "a\rb");
        env.put("WEFT_\t", "\u0085");
        load("p\u2029=1,q");
        assertEquals(4, warnings.size());
        for (String w : warnings) {
            assertFalse(w.matches("(?s).*[\\n\\r\\u0085\\u2028\\u2029].*"), w);
            assertTrue(w.startsWith("weft: "), w);
        }
    }
}
