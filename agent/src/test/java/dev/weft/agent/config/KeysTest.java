package dev.weft.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The declarations in {@link Keys} and the README table generated from them. */
class KeysTest {

    @Test
    void allListsEveryDeclaredKeyOnce() throws IllegalAccessException {
        List<Object> declared = new ArrayList<>();
        for (Field f : Keys.class.getDeclaredFields()) {
            if (f.getType() == ConfigKey.class) {
                assertTrue(Modifier.isPublic(f.getModifiers()) && Modifier.isStatic(f.getModifiers())
                        && Modifier.isFinal(f.getModifiers()), f.getName());
                declared.add(f.get(null));
            }
        }
        assertEquals(declared.size(), Keys.ALL.size());
        assertTrue(Keys.ALL.containsAll(declared));
    }

    @Test
    void namesAndEnvironmentNamesAreUnique() {
        Set<String> names = new HashSet<>();
        Set<String> envNames = new HashSet<>();
        for (ConfigKey<?> key : Keys.ALL) {
            assertTrue(names.add(key.name()), key.name());
            assertTrue(envNames.add(key.envName()), key.envName());
        }
    }

    @Test
    void currentKeys() {
        assertEquals("127.0.0.1", Keys.HOST.defaultValue());
        assertEquals(9797, Keys.PORT.defaultValue());
        assertEquals("", Keys.CONFIG.defaultValue());
        assertEquals(false, Keys.QUIET.defaultValue());
        assertEquals(java.time.Duration.ofMillis(20), Keys.MONITOR_THRESHOLD.defaultValue());
        assertEquals(List.of("host", "port", "config", "quiet", "monitor.threshold", "wait.threshold",
                        "lock.event.threshold"),
                Keys.ALL.stream().map(ConfigKey::name).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void markdownTable() {
        assertEquals(""
                + "| key | type | default | accepted | description |\n"
                + "|---|---|---|---|---|\n"
                + "| `host` | string | `127.0.0.1` | a host name or IP address | Address the HTTP endpoint binds to. |\n"
                + "| `port` | int | `9797` | an integer from 0 to 65535 | Port of the HTTP endpoint; 0 disables the endpoint. |\n"
                + "| `config` | string | (none) | the path of a UTF-8 properties file, or empty for none | Properties file with the same keys, below environment variables in precedence. Set it by agent argument, system property or environment, not in the file. |\n"
                + "| `quiet` | boolean | `false` | true or false | Silences the one start-up line; warnings are always printed. |\n"
                + "| `monitor.threshold` | duration | `20ms` | a duration such as 250ms, 30s, 5m or 1h, from 1ms to 10m | Shortest blocked synchronized enter that counts in jvm_lock_contention_seconds{kind=\"monitor\"} (JFR jdk.JavaMonitorEnter threshold; JFR's default is 20ms). JFR merges the settings of all recordings, so a lower value also adds the shorter events to the application's own JFR recordings. |\n"
                + "| `wait.threshold` | duration | `20ms` | a duration such as 250ms, 30s, 5m or 1h, from 1ms to 10m | Shortest Object.wait, Condition.await, LockSupport.park or Thread.sleep that counts in jvm_lock_wait_seconds (JFR jdk.JavaMonitorWait, jdk.ThreadPark and jdk.ThreadSleep threshold; JFR's default is 20ms). A lower value also adds the shorter events to the application's own JFR recordings. |\n"
                + "| `lock.event.threshold` | duration | `20ms` | a duration such as 250ms, 30s, 5m or 1h, from 1ms to 10m | Shortest contended java.util.concurrent lock acquisition that is attributed to its acquiring stack in /contention and written as a dev.weft.LockContention JFR event (only while a JFR recording runs). |",
                Keys.markdownTable());
    }

    @Test
    void markdownTableEscapesPipesAndShowsEveryType() {
        List<ConfigKey<?>> keys = List.of(
                ConfigKey.stringList("names", List.of("a|b", "c"), "Either a | b.\nSecond line."),
                ConfigKey.duration("stuck.threshold", java.time.Duration.ofSeconds(30),
                        java.time.Duration.ofSeconds(1), java.time.Duration.ofHours(24), "Stuck."),
                ConfigKey.longValue("big", 5, 0, 10, "Long."),
                ConfigKey.string("tick", "a`b", false, "text", "Backtick."));
        assertEquals(""
                + "| key | type | default | accepted | description |\n"
                + "|---|---|---|---|---|\n"
                + "| `names` | list | `a\\|b;c` | items separated by ; (e.g. a;b), or empty for none | Either a \\| b. Second line. |\n"
                + "| `stuck.threshold` | duration | `30s` | a duration such as 250ms, 30s, 5m or 1h, from 1s to 24h | Stuck. |\n"
                + "| `big` | long | `5` | an integer from 0 to 10 | Long. |\n"
                + "| `tick` | string | ``a`b`` | text | Backtick. |",
                Keys.markdownTable(keys));
    }
}
