package dev.weft.agent.monitor;

import dev.weft.instrumentation.ledger.ExecutorState;
import dev.weft.instrumentation.ledger.Findings;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Saturated pools: every thread a pool may have is running a task while its queue grows, for longer
 * than {@code executor.saturation.window}.
 *
 * <p><b>Rule.</b> At each tick a pool is <em>busy</em> when its active threads reach its maximum size
 * (a fork-join pool: its parallelism) and its queue is not empty. It is raised when it has been busy at
 * every tick for a whole window and its queue is longer than when that stretch began (arrivals
 * outpace the pool: a backlog is building). It clears at the first tick that finds a thread free or the
 * queue empty. A busy pool that keeps up — its queue drains now and then, or holds steady — is never
 * raised; a cached pool (maximum {@code Integer.MAX_VALUE}) never is either.
 *
 * <p><b>Cost.</b> The pools' getters once per tick (as a scrape reads them); a stack of one thread per
 * raised pool when it is raised or refreshed.
 */
final class SaturationDetector extends ScheduledDetector {

    static final String KIND = "saturated";

    /** One pool's current busy stretch. */
    private static final class Stretch {
        long sinceMillis;
        long queuedAtStart;
        boolean raised;
    }

    private final Supplier<List<ExecutorState>> pools;
    private final ThreadMXBean bean;
    private final long windowMillis;
    private final Map<Long, Stretch> stretches = new HashMap<>();

    SaturationDetector(Supplier<List<ExecutorState>> pools, ThreadMXBean bean, long windowMillis, long intervalMillis) {
        super(KIND, intervalMillis);
        this.pools = pools;
        this.bean = bean;
        this.windowMillis = windowMillis;
    }

    @Override
    public List<Findings.Observation> observe(long now) {
        List<Findings.Observation> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (ExecutorState s : pools.get()) {
            if (!s.allBusy() || s.queued() <= 0) {
                continue; // not in the map below: its stretch (and any finding) ends
            }
            seen.add(s.id());
            Stretch st = stretches.get(s.id());
            if (st == null) {
                st = new Stretch();
                st.sinceMillis = now;
                st.queuedAtStart = s.queued();
                stretches.put(s.id(), st);
            }
            if (!st.raised && now - st.sinceMillis >= windowMillis && s.queued() > st.queuedAtStart) {
                st.raised = true;
            }
            if (st.raised) {
                out.add(observation(s, st, now));
            }
        }
        stretches.keySet().retainAll(seen);
        return out;
    }

    private Findings.Observation observation(ExecutorState s, Stretch st, long now) {
        String summary = PoolEvidence.describe(s) + " saturated for " + Durations.format((now - st.sinceMillis) / 1000 * 1000)
                + ": all " + s.active() + " threads busy, queue grew from " + st.queuedAtStart + " to " + s.queued();
        List<String> details = new ArrayList<>();
        details.add(PoolEvidence.counts(s));
        details.add("what to do: size the pool (or its queue) for the load, bound the queue so that callers see"
                + " rejections, or find what makes its tasks slow (the oldest task's stack below)");
        PoolEvidence.addStacks(details, s, bean);
        return new Findings.Observation("pool-" + s.id(), summary, PoolEvidence.builtAt(s), details);
    }
}
