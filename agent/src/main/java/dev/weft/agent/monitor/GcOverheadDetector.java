package dev.weft.agent.monitor;

import dev.weft.instrumentation.ledger.Findings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * GC overhead: the share of wall time the application was stopped by GC pauses over the last
 * {@code gc.overhead.window}, above {@code gc.overhead.threshold} per cent (the in-agent twin of the
 * {@code JvmGcTimeTooHigh} alert, but over stop-the-world pauses only: ZGC's and Shenandoah's
 * concurrent work does not stop the application). Reads the pause totals per collector each run
 * (cumulative, from {@code jvm_gc_pause_seconds}' recorders) and compares with the sample one window
 * old; says nothing until it has a full window of history. Raised above the threshold, cleared below
 * 90 % of it, so a share hovering at the threshold does not flap.
 */
final class GcOverheadDetector extends ScheduledDetector {

    static final String KIND = "gc_overhead";

    private final int thresholdPercent;
    private final long windowMillis;
    private final Supplier<Map<String, Long>> pausedNanosByCollector;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private boolean active;

    private record Sample(long millis, Map<String, Long> totals) {
    }

    /**
     * @param pausedNanosByCollector cumulative stop-the-world pause nanoseconds per collector
     */
    GcOverheadDetector(int thresholdPercent, long windowMillis, long intervalMillis,
                       Supplier<Map<String, Long>> pausedNanosByCollector) {
        super(KIND, intervalMillis);
        this.thresholdPercent = thresholdPercent;
        this.windowMillis = windowMillis;
        this.pausedNanosByCollector = pausedNanosByCollector;
    }

    @Override
    public List<Findings.Observation> observe(long nowMillis) {
        Map<String, Long> now = Map.copyOf(pausedNanosByCollector.get());
        samples.addLast(new Sample(nowMillis, now));
        // Keep the newest sample that is at least one window old, and everything after it.
        while (samples.size() >= 2) {
            Iterator<Sample> it = samples.iterator();
            it.next();
            if (nowMillis - it.next().millis() >= windowMillis) {
                samples.removeFirst();
            } else {
                break;
            }
        }
        Sample first = samples.peekFirst();
        long span = nowMillis - first.millis();
        if (span < windowMillis || span <= 0) {
            return List.of();
        }
        long paused = 0;
        List<String> details = new ArrayList<>();
        for (Map.Entry<String, Long> e : now.entrySet()) {
            long d = e.getValue() - first.totals().getOrDefault(e.getKey(), 0L);
            paused += Math.max(0, d);
            if (d > 0) {
                details.add(e.getKey() + ": " + String.format(Locale.ROOT, "%.3f s", d / 1e9) + " paused");
            }
        }
        double percent = paused / (span * 1e6) * 100;
        active = active ? percent > thresholdPercent * 0.9 : percent > thresholdPercent;
        if (!active) {
            return List.of();
        }
        details.add("window: " + Durations.format(span) + "; see jvm_gc_pause_seconds by collector and cause");
        return List.of(new Findings.Observation("gc",
                String.format(Locale.ROOT, "GC pauses stopped the application %.1f%% of the last %s, above"
                        + " gc.overhead.threshold=%d%%", percent, Durations.format(span), thresholdPercent),
                "", details));
    }
}
