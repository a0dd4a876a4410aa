package dev.weft.agent.monitor;

import dev.weft.instrumentation.ledger.ExecutorState;
import dev.weft.instrumentation.ledger.Findings;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Pools that reject tasks: raised at the first tick that sees a pool's rejection count grow (every
 * rejection since the pool was found counts, so a burst before the first tick is not missed), kept
 * with the running count while rejections continue, cleared once no rejection has been seen for
 * {@code executor.saturation.window}.
 *
 * <p><b>Cost.</b> One counter read per pool per tick; a stack of one thread while a finding is active.
 */
final class RejectionDetector extends ScheduledDetector {

    static final String KIND = "rejected";

    /** One pool's rejections as seen so far. */
    private static final class Seen {
        long last;
        long since;
        long lastRejectionMillis;
        long firstRejectionMillis;
    }

    private final Supplier<List<ExecutorState>> pools;
    private final ThreadMXBean bean;
    private final long quietMillis;
    private final Map<Long, Seen> seen = new HashMap<>();

    RejectionDetector(Supplier<List<ExecutorState>> pools, ThreadMXBean bean, long quietMillis, long intervalMillis) {
        super(KIND, intervalMillis);
        this.pools = pools;
        this.bean = bean;
        this.quietMillis = quietMillis;
    }

    @Override
    public List<Findings.Observation> observe(long now) {
        List<Findings.Observation> out = new ArrayList<>();
        Set<Long> live = new HashSet<>();
        for (ExecutorState s : pools.get()) {
            if (s.rejected() < 0) {
                continue;
            }
            live.add(s.id());
            Seen r = seen.computeIfAbsent(s.id(), k -> new Seen());
            if (s.rejected() > r.last) {
                if (r.lastRejectionMillis == 0) {
                    r.firstRejectionMillis = now;
                    r.since = 0;
                }
                r.since += s.rejected() - r.last;
                r.last = s.rejected();
                r.lastRejectionMillis = now;
            }
            if (r.lastRejectionMillis != 0 && now - r.lastRejectionMillis >= quietMillis) {
                r.lastRejectionMillis = 0; // quiet for a window: cleared (not reported below)
            }
            if (r.lastRejectionMillis != 0) {
                out.add(observation(s, r));
            }
        }
        seen.keySet().retainAll(live);
        return out;
    }

    private Findings.Observation observation(ExecutorState s, Seen r) {
        String summary = PoolEvidence.describe(s) + " rejected " + r.since + (r.since == 1 ? " task" : " tasks")
                + " since " + Instant.ofEpochMilli(r.firstRejectionMillis);
        List<String> details = new ArrayList<>();
        details.add(PoolEvidence.counts(s));
        details.add("last rejection seen at " + Instant.ofEpochMilli(r.lastRejectionMillis)
                + "; the finding clears after executor.saturation.window without one");
        PoolEvidence.addStacks(details, s, bean);
        return new Findings.Observation("pool-" + s.id(), summary, PoolEvidence.builtAt(s), details);
    }
}
