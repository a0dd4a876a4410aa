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
        assertEquals(java.time.Duration.ofSeconds(5), Keys.MONITOR_INTERVAL.defaultValue());
        assertEquals(2000, Keys.THREADS_MAX.defaultValue());
        assertEquals(java.time.Duration.ofMinutes(5), Keys.LEAK_WINDOW.defaultValue());
        assertEquals(java.time.Duration.ofSeconds(10), Keys.DEADLOCK_INTERVAL.defaultValue());
        assertEquals(java.time.Duration.ofMinutes(5), Keys.STUCK_THRESHOLD.defaultValue());
        assertEquals(List.of("host", "port", "config", "quiet", "monitor.interval", "threads.max", "leak.window",
                        "stuck.threshold", "deadlock.interval"),
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
                + "| `monitor.interval` | duration | `5s` | a duration such as 250ms, 30s, 5m or 1h, from 100ms to 10m | How often the monitor thread (weft-monitor) runs the thread-count and leak detectors. Each run reads counters and the ledger's live-thread records; no stack is taken and no safepoint is requested. |\n"
                + "| `threads.max` | int | `2000` | an integer from 1 to 10000000 | Live platform threads above which a thread_count finding is raised (it clears below 90 % of it). Virtual threads are not counted against it. |\n"
                + "| `leak.window` | duration | `5m` | a duration such as 250ms, 30s, 5m or 1h, from 1s to 24h | A leak finding is raised for a creation site whose live threads grew by at least 10 over this window and grew in each quarter of it; it clears when they no longer grow across a whole window. |\n"
                + "| `stuck.threshold` | duration | `5m` | a duration such as 250ms, 30s, 5m or 1h, from 1s to 24h | A stuck finding is raised for a thread that stays in one park, wait, monitor entry, future or socket read longer than this. Idle pool workers waiting for work and threads in Thread.sleep are never stuck. |\n"
                + "| `deadlock.interval` | duration | `10s` | a duration such as 250ms, 30s, 5m or 1h, from 100ms to 1h | How often ThreadMXBean.findDeadlockedThreads runs (a safepoint operation, so on this timer and never per scrape); jvm_threads_deadlocked shows its last result. |",
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
