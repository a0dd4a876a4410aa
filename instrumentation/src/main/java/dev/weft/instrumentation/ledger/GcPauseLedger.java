package dev.weft.instrumentation.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stop-the-world GC pauses by collector, action and cause: one observation per collection, the
 * total of that collection's pauses (JFR {@code jdk.GarbageCollection.sumOfPauses}), so a G1
 * concurrent cycle contributes its Remark and Cleanup pauses and never its concurrent work.
 *
 * <p>Written by one thread (the {@code weft-jfr} stream), read at scrape time. At most
 * {@link #MAX_SERIES} label sets; further ones are folded into cause {@code other} of their
 * collector and action, and counted in {@link #seriesDropped()}.
 */
public final class GcPauseLedger {

    /** Bound on distinct (gc, action, cause) label sets. */
    public static final int MAX_SERIES = 50;

    /** One label set. */
    public record Key(String gc, String action, String cause) {
    }

    private final ConcurrentHashMap<Key, DurationRecorder> series = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();

    /** Records one collection's total pause time. */
    public void record(String gc, String action, String cause, long pauseNanos) {
        Key key = new Key(gc, action, cause);
        DurationRecorder r = series.get(key);
        if (r == null) {
            if (series.size() >= MAX_SERIES) {
                dropped.increment();
                key = new Key(gc, action, "other");
            }
            r = series.computeIfAbsent(key, k -> new DurationRecorder());
        }
        r.record(pauseNanos);
    }

    /** The series seen so far, in no particular order. */
    public List<java.util.Map.Entry<Key, DurationRecorder>> series() {
        return new ArrayList<>(series.entrySet());
    }

    /** Observations whose cause was folded into {@code other} because of {@link #MAX_SERIES}. */
    public long seriesDropped() {
        return dropped.sum();
    }
}
