package dev.weft.instrumentation.ledger;

import java.util.ArrayDeque;
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

    /** Bound on long pauses kept between two reads of {@link #drainLongPauses()}. */
    public static final int MAX_LONG_PAUSES = 64;

    /**
     * One collection with a stop-the-world pause of at least the long-pause threshold.
     *
     * @param longestNanos the collection's longest single pause
     * @param sumNanos     the total of the collection's pauses
     * @param endMillis    wall-clock time the ledger learnt of it
     */
    public record LongPause(String gc, String action, String cause, long longestNanos, long sumNanos, long endMillis) {
    }

    private final ConcurrentHashMap<Key, DurationRecorder> series = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private volatile long longPauseNanos = Long.MAX_VALUE;
    // Written once per long collection (the JFR stream thread), drained by the monitor: not a hot path.
    private final ArrayDeque<LongPause> longPauses = new ArrayDeque<>();
    private long longPausesLost;

    /**
     * From now on, collections whose longest pause is at least {@code nanos} are kept for
     * {@link #drainLongPauses()} ({@code gc.pause.threshold}); {@code Long.MAX_VALUE}, the default, keeps none.
     */
    public void longPauseThreshold(long nanos) {
        longPauseNanos = nanos;
    }

    /** Records one collection's total pause time, its only pause being that long. */
    public void record(String gc, String action, String cause, long pauseNanos) {
        record(gc, action, cause, pauseNanos, pauseNanos);
    }

    /**
     * Records one collection: its total pause time into the histogram, and the collection itself for
     * the long-pause detector when its longest pause reaches the threshold.
     */
    public void record(String gc, String action, String cause, long pauseNanos, long longestPauseNanos) {
        if (longestPauseNanos >= longPauseNanos) {
            keepLong(new LongPause(gc, action, cause, longestPauseNanos, pauseNanos, System.currentTimeMillis()));
        }
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

    private synchronized void keepLong(LongPause p) {
        if (longPauses.size() >= MAX_LONG_PAUSES) {
            longPauses.removeFirst();
            longPausesLost++;
        }
        longPauses.addLast(p);
    }

    /** The long pauses kept since the last call, oldest first (at most {@link #MAX_LONG_PAUSES}). */
    public synchronized List<LongPause> drainLongPauses() {
        List<LongPause> out = new ArrayList<>(longPauses);
        longPauses.clear();
        return out;
    }

    /** Long pauses dropped because more than {@link #MAX_LONG_PAUSES} arrived between two drains. */
    public synchronized long longPausesLost() {
        return longPausesLost;
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
