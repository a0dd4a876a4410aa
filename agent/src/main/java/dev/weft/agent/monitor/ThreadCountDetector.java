package dev.weft.agent.monitor;

import dev.weft.instrumentation.ledger.Findings;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Live platform threads above {@code threads.max} (Go's "more than N goroutines"). Raised when the
 * count exceeds the limit; cleared only when it falls below 90 % of it, so a count hovering around the
 * limit does not raise and clear on every tick. Reads {@code ThreadMXBean.getThreadCount()}: a counter,
 * no safepoint.
 */
final class ThreadCountDetector extends ScheduledDetector {

    static final String KIND = "thread_count";

    private final int max;
    private final IntSupplier count;
    private boolean active;

    ThreadCountDetector(int max, long intervalMillis) {
        this(max, intervalMillis, ManagementFactory.getThreadMXBean()::getThreadCount);
    }

    ThreadCountDetector(int max, long intervalMillis, IntSupplier count) {
        super(KIND, intervalMillis);
        this.max = max;
        this.count = count;
    }

    @Override
    public List<Findings.Observation> observe(long nowMillis) {
        int n = count.getAsInt();
        active = active ? n * 10L > max * 9L : n > max;
        if (!active) {
            return List.of();
        }
        return List.of(new Findings.Observation("platform",
                n + " live platform threads, above threads.max=" + max
                        + "; see /threads for where they come from and what they do",
                "", List.of("live platform threads: " + n, "threads.max: " + max)));
    }
}
