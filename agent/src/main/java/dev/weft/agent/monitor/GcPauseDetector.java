package dev.weft.agent.monitor;

import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.GcPauseLedger.LongPause;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A stop-the-world GC pause longer than {@code gc.pause.threshold} (issue #5; the in-agent twin of
 * the {@code JvmGcPauseLong} alert). The ledger keeps every collection whose longest single pause
 * reached the threshold (JFR {@code jdk.GarbageCollection.longestPause}; whole milliseconds from GC
 * notifications without JFR); this detector drains them each run. One finding per collector, raised
 * by its first long pause and held while long pauses keep coming: it clears {@link #HOLD_MILLIS}
 * after the last one, so a single long pause is reported once, raised and cleared, and a series of
 * them does not flap. The finding names the collector, the cause, the action and the longest pause.
 */
final class GcPauseDetector extends ScheduledDetector {

    static final String KIND = "gc_pause";
    /** How long a finding stays raised after its collector's last long pause. */
    static final long HOLD_MILLIS = 60_000;

    private final long thresholdNanos;
    private final Supplier<List<LongPause>> source;
    private final Map<String, Seen> byCollector = new LinkedHashMap<>();

    private static final class Seen {
        LongPause longest;
        LongPause last;
        long count;
        long lastMillis;
    }

    GcPauseDetector(long thresholdNanos, long intervalMillis, Supplier<List<LongPause>> source) {
        super(KIND, intervalMillis);
        this.thresholdNanos = thresholdNanos;
        this.source = source;
    }

    @Override
    public List<Findings.Observation> observe(long nowMillis) {
        for (LongPause p : source.get()) {
            if (p.longestNanos() < thresholdNanos) {
                continue;
            }
            Seen s = byCollector.computeIfAbsent(p.gc(), k -> new Seen());
            if (s.longest == null || p.longestNanos() > s.longest.longestNanos()) {
                s.longest = p;
            }
            s.last = p;
            s.count++;
            s.lastMillis = nowMillis;
        }
        byCollector.values().removeIf(s -> nowMillis - s.lastMillis > HOLD_MILLIS);
        List<Findings.Observation> out = new ArrayList<>();
        for (Map.Entry<String, Seen> e : byCollector.entrySet()) {
            LongPause l = e.getValue().longest;
            LongPause last = e.getValue().last;
            String threshold = Durations.format(thresholdNanos / 1_000_000);
            out.add(new Findings.Observation(e.getKey(),
                    e.getKey() + " stopped the world for " + ms(l.longestNanos()) + " (cause: " + l.cause() + ", "
                            + l.action() + "), above gc.pause.threshold=" + threshold,
                    "",
                    details(l, last, e.getValue().count, threshold)));
        }
        return out;
    }

    private static List<String> details(LongPause longest, LongPause last, long count, String threshold) {
        List<String> d = new ArrayList<>(List.of("collector: " + longest.gc(),
                "cause: " + longest.cause(),
                "action: " + longest.action(),
                "longest pause: " + ms(longest.longestNanos()) + " (all pauses of that collection: "
                        + ms(longest.sumNanos()) + ")",
                "collections with a pause of at least " + threshold + " since raised: " + count));
        if (count > 1) {
            d.add("last: " + ms(last.longestNanos()) + ", cause " + last.cause());
        }
        d.add("see jvm_gc_pause_seconds and the JFR jdk.GarbageCollection / jdk.GCPhasePause events");
        return d;
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
