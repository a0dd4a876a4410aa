package dev.weft.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, bounds, formatting and declaration checks of each key type. */
class ConfigKeyTest {

    static final ConfigKey<Duration> WINDOW = ConfigKey.duration("leak.window", Duration.ofSeconds(30),
            Duration.ZERO, Duration.ofHours(24), "Test duration.");
    static final ConfigKey<Duration> INTERVAL = ConfigKey.duration("monitor.interval",
            Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMinutes(1), "Test duration.");
    static final ConfigKey<Long> BYTES = ConfigKey.longValue("max.bytes", 1000L, 1, Long.MAX_VALUE,
            "Test long.");
    static final ConfigKey<Integer> THREADS = ConfigKey.integer("threads.max", 100, 1, 10_000,
            "Test int.");
    static final ConfigKey<List<String>> IGNORE = ConfigKey.stringList("threads.ignore", List.of(),
            "Test list.");

    @Test
    void namesForPropertiesAndEnvironment() {
        assertEquals("weft.leak.window", WINDOW.propertyName());
        assertEquals("WEFT_LEAK_WINDOW", WINDOW.envName());
        assertEquals("WEFT_PORT", Keys.PORT.envName());
        assertEquals("weft.port", Keys.PORT.propertyName());
        assertEquals("leak.window", WINDOW.name());
        assertEquals(ConfigKey.Type.DURATION, WINDOW.type());
        assertEquals(Duration.ofSeconds(30), WINDOW.defaultValue());
        assertEquals("Test duration.", WINDOW.description());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "80,80", "+80,80", "65535,65535", "007,7"})
    void intAccepted(String text, int expected) {
        assertEquals(expected, Keys.PORT.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1", "65536", "8080x", "80.0", " 80", "0x50", "+", "-",
            "99999999999999999999", "\u0663\u0663"})
    void intRejected(String text) {
        assertNull(Keys.PORT.parse(text));
    }

    @Test
    void longBounds() {
        assertEquals(1L, BYTES.parse("1"));
        assertEquals(Long.MAX_VALUE, BYTES.parse("9223372036854775807"));
        assertNull(BYTES.parse("0"));
        assertNull(BYTES.parse("9223372036854775808"));
        assertNull(BYTES.parse("1k"));
        assertEquals("an integer of at least 1", BYTES.accepted());
        assertEquals(ConfigKey.Type.LONG, BYTES.type());
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "True,true", "false,false", "FaLsE,false"})
    void booleanAccepted(String text, boolean expected) {
        assertEquals(expected, Keys.QUIET.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yes", "no", "1", "0", "on", "off", "t", "truee", "true "})
    void booleanRejected(String text) {
        assertNull(Keys.QUIET.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"250ms,PT0.25S", "30s,PT30S", "5m,PT5M", "1h,PT1H", "0,PT0S", "0s,PT0S",
            "0ms,PT0S", "24h,PT24H", "1500ms,PT1.5S", "90m,PT1H30M"})
    void durationAccepted(String text, String iso) {
        assertEquals(Duration.parse(iso), WINDOW.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5x", "-1s", "ms", "s", "99999999999999h", "9999999999999999999ms",
            "1.5s", "", " 5s", "5 s", "5S", "5MS", "1d", "00", "25h", "1h1m", "PT5S", "+5s", "\u0665s"})
    void durationRejected(String text) {
        assertNull(WINDOW.parse(text));
    }

    @Test
    void durationLowerBound() {
        assertNull(INTERVAL.parse("99ms"));
        assertNull(INTERVAL.parse("0"));
        assertEquals(Duration.ofMillis(100), INTERVAL.parse("100ms"));
        assertEquals(Duration.ofMinutes(1), INTERVAL.parse("60s"));
        assertNull(INTERVAL.parse("61s"));
    }

    @ParameterizedTest
    @CsvSource({"PT0S,0", "PT0.25S,250ms", "PT30S,30s", "PT5M,5m", "PT1H,1h", "PT1.5S,1500ms",
            "PT90S,90s", "PT60M,1h", "PT48H,48h"})
    void durationFormat(String iso, String text) {
        assertEquals(text, ConfigKey.formatDuration(Duration.parse(iso)));
    }

    @Test
    void stringList() {
        assertEquals(List.of("a", "b"), IGNORE.parse("a;b"));
        assertEquals(List.of("a", "b c"), IGNORE.parse(" a ; ;b c ;"));
        assertEquals(List.of(), IGNORE.parse(""));
        assertEquals(List.of("pool-*|worker-*"), IGNORE.parse("pool-*|worker-*"));
        assertEquals("a;b", IGNORE.format(List.of("a", "b")));
        assertEquals("items separated by ; (e.g. a;b), or empty for none", IGNORE.accepted());
        assertThrows(UnsupportedOperationException.class, () -> IGNORE.parse("a").add("b"));
    }

    @Test
    void strings() {
        assertNull(Keys.HOST.parse(""));
        assertEquals("::1", Keys.HOST.parse("::1"));
        assertEquals("", Keys.CONFIG.parse(""));
        assertEquals("/a b/ü=\"x\".properties", Keys.CONFIG.parse("/a b/ü=\"x\".properties"));
    }

    @Test
    void acceptedTexts() {
        assertEquals("an integer from 0 to 65535", Keys.PORT.accepted());
        assertEquals("true or false", Keys.QUIET.accepted());
        assertEquals("a duration such as 250ms, 30s, 5m or 1h, from 0 to 24h", WINDOW.accepted());
        assertEquals("a duration such as 250ms, 30s, 5m or 1h, from 100ms to 1m", INTERVAL.accepted());
        assertEquals("an integer", ConfigKey.integer("a", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "d").accepted());
        assertEquals("an integer of at most 5", ConfigKey.longValue("a", 0, Long.MIN_VALUE, 5, "d").accepted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Port", "a_b", "a-b", "a..b", ".a", "a.", "1a", "a.1b", "a b"})
    void badNamesAreRejectedAtDeclaration(String name) {
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.bool(name, false, "d"));
    }

    @Test
    void badDefaultsAndBoundsAreRejectedAtDeclaration() {
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.integer("a", 5, 6, 10, "d"));
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.integer("a", 5, 10, 1, "d"));
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.longValue("a", 11, 1, 10, "d"));
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.duration("a",
                Duration.ofNanos(1), Duration.ZERO, Duration.ofHours(1), "d"));
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.duration("a",
                Duration.ofHours(2), Duration.ZERO, Duration.ofHours(1), "d"));
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.duration("a",
                Duration.ZERO, Duration.ofSeconds(-1), Duration.ofHours(1), "d"));
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.stringList("a", List.of("x;y"), "d"));
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.stringList("a", List.of(" x"), "d"));
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.string("a", "", false, "text", "d"));
        assertThrows(IllegalArgumentException.class, () -> ConfigKey.bool("a", false, " "));
    }
}
