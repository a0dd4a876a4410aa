package dev.weft.instrumentation.ledger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Current and recently cleared findings, and how many of each kind were raised.
 *
 * <p>Detectors report, per run, the complete set of what they currently see for their kind
 * ({@link #update}); this book raises what is new, refreshes what it knew, and clears what is gone,
 * so each finding is raised once and cleared once. All methods are {@code synchronized}: detectors
 * run on the monitor thread, readers are scrapes and {@code /findings} requests; none of it is on an
 * application thread.
 */
public final class Findings {

    /** Cleared findings kept for {@code /findings}. */
    public static final int MAX_CLEARED = 50;

    /** What one {@link #update} changed. */
    public record Changes(List<Finding> raised, List<Finding> cleared) {
    }

    /**
     * What a detector sees now: key, summary, location, details, and the {@code kind} and {@code pool}
     * labels of its gauge (see {@link Finding}).
     */
    public record Observation(String key, String summary, String location, List<String> details, String labelKind,
                              String pool) {

        /** Without gauge labels. */
        public Observation(String key, String summary, String location, List<String> details) {
            this(key, summary, location, details, "", "");
        }
    }

    private final Map<String, Map<String, Finding>> active = new TreeMap<>();
    private final Deque<Finding> cleared = new ArrayDeque<>();
    private final Map<String, Long> raisedTotal = new TreeMap<>();
    private volatile long runs;
    private volatile int deadlocked;
    private volatile int deadlockedMonitor;

    /**
     * The deadlock detector's last counts ({@code findDeadlockedThreads} and
     * {@code findMonitorDeadlockedThreads}), served by {@code jvm_threads_deadlocked[_monitor]} so that
     * no scrape runs those safepoint operations.
     */
    public void deadlockCounts(int all, int monitorOnly) {
        deadlocked = all;
        deadlockedMonitor = monitorOnly;
    }

    /** Threads in a deadlock (monitors or ownable synchronizers) at the last check. */
    public int deadlocked() {
        return deadlocked;
    }

    /** Threads in a deadlock on object monitors only at the last check. */
    public int deadlockedMonitor() {
        return deadlockedMonitor;
    }

    /**
     * Declares which kinds exist, so that {@code weft_findings_total{kind}} is exposed as 0 from the start.
     */
    public synchronized void declare(Set<String> kinds) {
        for (String k : kinds) {
            raisedTotal.putIfAbsent(k, 0L);
            active.computeIfAbsent(k, x -> new LinkedHashMap<>());
        }
    }

    /**
     * Replaces what is known of {@code kind} by {@code now}: new keys are raised, known keys refreshed
     * (their details updated, first-seen kept), missing keys cleared.
     */
    public synchronized Changes update(String kind, List<Observation> now, long nowMillis) {
        Map<String, Finding> current = active.computeIfAbsent(kind, k -> new LinkedHashMap<>());
        raisedTotal.putIfAbsent(kind, 0L);
        List<Finding> raised = new ArrayList<>();
        List<Finding> gone = new ArrayList<>();
        Map<String, Finding> next = new LinkedHashMap<>();
        for (Observation o : now) {
            Finding known = current.get(o.key());
            Finding f = new Finding(kind, o.key(), o.summary(), o.location(), o.details(),
                    known == null ? nowMillis : known.firstSeenMillis(), nowMillis, 0, o.labelKind(), o.pool());
            if (known == null && !next.containsKey(o.key())) {
                raised.add(f);
                raisedTotal.merge(kind, 1L, Long::sum);
            }
            next.put(o.key(), f);
        }
        for (Finding f : current.values()) {
            if (!next.containsKey(f.key())) {
                Finding c = new Finding(f.kind(), f.key(), f.summary(), f.location(), f.details(),
                        f.firstSeenMillis(), f.lastSeenMillis(), nowMillis, f.labelKind(), f.pool());
                gone.add(c);
                cleared.addFirst(c);
                while (cleared.size() > MAX_CLEARED) {
                    cleared.removeLast();
                }
            }
        }
        current.clear();
        current.putAll(next);
        return new Changes(raised, gone);
    }

    /** Called by the monitor after each complete round of its detectors. */
    public void countRun() {
        runs++; // only the monitor thread writes
    }

    /** Completed monitor rounds (shown by {@code /findings}, so a reader knows the detectors ran). */
    public long runs() {
        return runs;
    }

    /** Active findings, by kind then in the order they were reported. */
    public synchronized List<Finding> active() {
        List<Finding> out = new ArrayList<>();
        for (Map<String, Finding> m : active.values()) {
            out.addAll(m.values());
        }
        return out;
    }

    /** Active findings of one kind. */
    public synchronized int activeCount(String kind) {
        Map<String, Finding> m = active.get(kind);
        return m == null ? 0 : m.size();
    }

    /** Recently cleared findings, most recent first, at most {@link #MAX_CLEARED}. */
    public synchronized List<Finding> cleared() {
        return new ArrayList<>(cleared);
    }

    /** Findings raised so far, by kind (every declared kind present). */
    public synchronized Map<String, Long> raisedTotals() {
        return new TreeMap<>(raisedTotal);
    }
}
