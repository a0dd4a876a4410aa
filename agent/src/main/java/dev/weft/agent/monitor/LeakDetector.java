package dev.weft.agent.monitor;

import dev.weft.exporter.threads.Escape;
import dev.weft.instrumentation.ledger.CreationSite;
import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.ThreadLedger;
import dev.weft.instrumentation.ledger.ThreadRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Thread leaks: live threads started from one creation site keep growing across {@code leak.window}.
 *
 * <p><b>Rule.</b> Each tick counts live threads per creation site. A site is suspected when, over the
 * last window, its count grew by at least {@value #MIN_GROWTH} threads <em>and</em> grew in each quarter
 * of the window (so a pool that warms up once and then holds steady, or a burst that drains, is not a
 * leak). The finding clears when the count no longer grows across a whole window (or the site has no
 * live thread). Pre-existing threads (no creation site) are never suspected.
 *
 * <p><b>Cost.</b> One pass over the ledger's live records per tick (no stacks, no MXBean call) and a
 * few samples per site with live threads: {@code leak.window / monitor.interval + 2} at most.
 */
final class LeakDetector extends ScheduledDetector {

    static final String KIND = "leak";
    /** Threads a site must gain over the window to be suspected. */
    static final int MIN_GROWTH = 10;
    /** Stack frames of the creation site put in the finding. */
    static final int STACK_LINES = 16;

    private final Supplier<List<ThreadRecord>> live;
    private final long windowMillis;
    private final Map<CreationSite, Deque<long[]>> history = new IdentityHashMap<>();
    private final Map<CreationSite, Boolean> suspected = new IdentityHashMap<>();

    LeakDetector(ThreadLedger ledger, long windowMillis, long intervalMillis) {
        this(ledger::snapshot, windowMillis, intervalMillis);
    }

    LeakDetector(Supplier<List<ThreadRecord>> live, long windowMillis, long intervalMillis) {
        super(KIND, intervalMillis);
        this.live = live;
        this.windowMillis = windowMillis;
    }

    @Override
    public List<Findings.Observation> observe(long now) {
        Map<CreationSite, long[]> counts = new IdentityHashMap<>(); // {weighted count, sampled records}
        Map<CreationSite, String> groups = new HashMap<>();
        for (ThreadRecord r : live.get()) {
            if (r.site() != null) {
                long[] c = counts.computeIfAbsent(r.site(), s -> new long[2]);
                c[0] += Math.max(1, r.siteWeight());
                if (r.siteWeight() > 1) {
                    c[1]++;
                }
                groups.putIfAbsent(r.site(), r.group());
            }
        }
        history.keySet().removeIf(s -> !counts.containsKey(s));
        suspected.keySet().removeIf(s -> !counts.containsKey(s));
        List<Findings.Observation> out = new ArrayList<>();
        for (Map.Entry<CreationSite, long[]> e : counts.entrySet()) {
            CreationSite site = e.getKey();
            long n = e.getValue()[0];
            Deque<long[]> h = history.computeIfAbsent(site, s -> new ArrayDeque<>());
            h.addLast(new long[] {now, n});
            // Keep one sample at or before the window's start.
            while (h.size() > 1) {
                Iterator<long[]> it = h.iterator();
                it.next();
                if (it.next()[0] <= now - windowMillis) {
                    h.removeFirst();
                } else {
                    break;
                }
            }
            long[] first = h.peekFirst();
            boolean spansWindow = first[0] <= now - windowMillis;
            long start = spansWindow ? valueAt(h, now - windowMillis) : n;
            boolean was = suspected.containsKey(site);
            boolean is;
            if (!spansWindow) {
                is = was;
            } else if (was) {
                is = n > start;
            } else {
                is = n - start >= MIN_GROWTH && growsEachQuarter(h, now);
            }
            if (is) {
                suspected.put(site, Boolean.TRUE);
                out.add(observation(site, groups.get(site), n, n - start, e.getValue()[1] > 0));
            } else {
                suspected.remove(site);
            }
        }
        return out;
    }

    private boolean growsEachQuarter(Deque<long[]> h, long now) {
        long previous = valueAt(h, now - windowMillis);
        for (int q = 1; q <= 4; q++) {
            long v = valueAt(h, now - windowMillis + windowMillis * q / 4);
            if (v <= previous) {
                return false;
            }
            previous = v;
        }
        return true;
    }

    /** The last sample at or before {@code t} (the first sample if none is). */
    private static long valueAt(Deque<long[]> h, long t) {
        long v = h.peekFirst()[1];
        for (long[] s : h) {
            if (s[0] > t) {
                break;
            }
            v = s[1];
        }
        return v;
    }

    private Findings.Observation observation(CreationSite site, String group, long count, long growth,
            boolean estimated) {
        String where = site.location();
        String summary = (estimated ? "about " : "") + count + " live threads started at " + where + " (group "
                + Escape.quoted(group) + "), "
                + (growth >= 0 ? "+" : "") + growth + " in the last " + Durations.format(windowMillis)
                + " and still growing: threads (or executors) are created and never end";
        List<String> details = new ArrayList<>();
        details.add("creation site: " + site.describe());
        details.add("live threads: " + (estimated ? "about " : "") + count + ", growth over leak.window="
                + Durations.format(windowMillis) + ": " + growth);
        if (estimated) {
            details.add("estimated: the group starts more than threads.sites.rate threads per second, so only a"
                    + " sample of its starts has a creation site (threads.sites.sample)");
        }
        details.add("stack that started them:");
        List<StackTraceElement> frames = site.frames();
        for (int i = 0; i < Math.min(STACK_LINES, frames.size()); i++) {
            details.add("  at " + CreationSite.format(frames.get(i)));
        }
        if (frames.size() > STACK_LINES) {
            details.add("  ... " + (frames.size() - STACK_LINES) + " more");
        }
        return new Findings.Observation(site.describe() + "#" + System.identityHashCode(site), summary, where, details,
                "threads", group);
    }
}
