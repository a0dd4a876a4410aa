package dev.weft.agent.monitor;

import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.VirtualThreadLedger;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Live threads above a limit (Go's "more than N goroutines"), platform and virtual counted separately:
 * platform threads against {@code threads.max} ({@code ThreadMXBean.getThreadCount()}), virtual threads
 * against {@code threads.virtual.max} (started minus ended, from the virtual-thread hooks). Each is one
 * finding of kind {@value #KIND} (keys {@code platform} and {@code virtual}), raised when the count exceeds
 * its limit and cleared only when it falls below 90 % of it, so a count hovering around the limit does not
 * raise and clear on every tick. Reads two counters: no safepoint. Also drops the sampled virtual-thread
 * records of threads that ended ({@link VirtualThreadLedger#sweep()}), at most
 * {@value VirtualThreadLedger#MAX_SAMPLED} map entries per tick.
 */
final class ThreadCountDetector extends ScheduledDetector {

    static final String KIND = "thread_count";

    private final int max;
    private final int virtualMax;
    private final IntSupplier count;
    private final LongSupplier virtualCount;
    private final Runnable sweep;
    private boolean active;
    private boolean virtualActive;

    ThreadCountDetector(int max, int virtualMax, long intervalMillis, VirtualThreadLedger virtual) {
        this(max, virtualMax, intervalMillis, ManagementFactory.getThreadMXBean()::getThreadCount,
                VirtualThreadLedger::live, virtual::sweep);
    }

    ThreadCountDetector(int max, long intervalMillis, IntSupplier count) {
        this(max, Integer.MAX_VALUE, intervalMillis, count, () -> 0, () -> { });
    }

    ThreadCountDetector(int max, int virtualMax, long intervalMillis, IntSupplier count, LongSupplier virtualCount,
                        Runnable sweep) {
        super(KIND, intervalMillis);
        this.max = max;
        this.virtualMax = virtualMax;
        this.count = count;
        this.virtualCount = virtualCount;
        this.sweep = sweep;
    }

    @Override
    public List<Findings.Observation> observe(long nowMillis) {
        sweep.run();
        List<Findings.Observation> out = new ArrayList<>(2);
        int n = count.getAsInt();
        active = active ? n * 10L > max * 9L : n > max;
        if (active) {
            out.add(new Findings.Observation("platform",
                    n + " live platform threads, above threads.max=" + max
                            + "; see /threads for where they come from and what they do",
                    "", List.of("live platform threads: " + n, "threads.max: " + max)));
        }
        long v = virtualCount.getAsLong();
        virtualActive = virtualActive ? v * 10L > virtualMax * 9L : v > virtualMax;
        if (virtualActive) {
            out.add(new Findings.Observation("virtual",
                    v + " live virtual threads, above threads.virtual.max=" + virtualMax
                            + "; see /threads for a sample of them and where they come from",
                    "", List.of("live virtual threads: " + v, "threads.virtual.max: " + virtualMax)));
        }
        return out;
    }
}
