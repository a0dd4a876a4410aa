package dev.weft.exporter.prometheus;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long each of Weft's collectors took in its most recent collection, for
 * {@code weft_collect_duration_seconds{collector}}: what a scrape costs inside the agent, and which
 * family costs it.
 *
 * <p>Process-wide (one agent per isolated class loader): every {@link GuardedCollector} reports
 * here, so a collector added later is measured without being wired. The key is derived from the
 * collector's class ({@code JvmThreadsCollector} → {@code jvm_threads}), a small fixed set, never
 * from data. Written once per collector per scrape (the scrape path, not a hot path).
 */
final class CollectTimes {

    private static final ConcurrentMap<String, AtomicLong> LAST_NANOS = new ConcurrentHashMap<>();
    private static final ClassValue<String> KEYS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return key(type.getSimpleName());
        }
    };

    private CollectTimes() {
    }

    /** Records that a collector of this class just took {@code nanos} to collect. */
    static void record(Class<?> collector, long nanos) {
        LAST_NANOS.computeIfAbsent(KEYS.get(collector), k -> new AtomicLong()).set(Math.max(0, nanos));
    }

    /** The latest duration of every collector that has run, in nanoseconds, by key. */
    static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        LAST_NANOS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** {@code JvmThreadsCollector} → {@code jvm_threads}; an anonymous class → {@code anonymous}. */
    static String key(String simpleName) {
        String s = simpleName.endsWith("Collector") ? simpleName.substring(0, simpleName.length() - "Collector".length())
                : simpleName;
        if (s.isEmpty()) {
            return "anonymous";
        }
        StringBuilder b = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && (Character.isLowerCase(s.charAt(i - 1))
                        || (i + 1 < s.length() && Character.isLowerCase(s.charAt(i + 1))
                                && Character.isUpperCase(s.charAt(i - 1))))) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else if (Character.isLetterOrDigit(c)) {
                b.append(c);
            } else {
                b.append('_');
            }
        }
        return b.toString();
    }
}
