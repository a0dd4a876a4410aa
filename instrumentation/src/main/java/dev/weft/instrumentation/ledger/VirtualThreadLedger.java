package dev.weft.instrumentation.ledger;

import dev.weft.bridge.WeftVirtualThreadBridge;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Creation sites of a sample of virtual threads (JDK 21+).
 *
 * <p><b>Sampling policy.</b> Virtual threads are a high-rate source (one per request or per task), so
 * their starts are not all walked: {@link WeftVirtualThreadBridge} picks 1 start in
 * {@code threads.virtual.sample} (default 100) at random and hands it here, on the starting thread.
 * A sampled start costs what a platform thread's does (one bounded {@link CreationSites} walk, usually
 * a lookup in the table of walks seen, and one map entry); an unsampled one costs one random number.
 * A site from which a steady share of virtual threads starts is therefore seen after about
 * {@code sample} starts from it; the counts per site are a sample, not a census.
 *
 * <p><b>Memory.</b> At most {@link #MAX_SAMPLED} sampled live threads are kept (further samples are
 * counted in {@link #dropped()}). No exit hook removes them: the virtual-thread end hook must stay a
 * counter increment (see the bridge), so records of threads that ended are dropped by {@link #sweep()},
 * which the monitor runs every tick and {@code /threads} before it reads. A record holds its thread
 * strongly until then (at most {@link #MAX_SAMPLED} threads, for at most one monitor interval).
 */
public final class VirtualThreadLedger implements WeftVirtualThreadBridge.Hooks {

    /** Sampled live virtual threads kept at most. */
    public static final int MAX_SAMPLED = 10_000;
    /** The group every virtual thread's record carries. */
    public static final String GROUP = "(virtual)";

    private final CreationSites sites;
    private final ConcurrentHashMap<Long, ThreadRecord> sampled = new ConcurrentHashMap<>();
    // LongAdder: sampled starts happen on many threads at once; read only by agent threads.
    private final LongAdder samples = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    VirtualThreadLedger(CreationSites sites) {
        this.sites = sites;
    }

    @Override
    public void sampledStart(Thread vthread) {
        samples.increment();
        if (sampled.size() >= MAX_SAMPLED) {
            dropped.increment();
            return;
        }
        CreationSite site = sites.capture();
        sampled.put(vthread.getId(), new ThreadRecord(vthread, System.currentTimeMillis(),
                Thread.currentThread().getName(), false, GROUP, site));
    }

    /**
     * Drops the records of threads that ended.
     *
     * @return how many were dropped
     */
    public int sweep() {
        int n = 0;
        for (ThreadRecord r : sampled.values()) {
            if (r.thread().getState() == Thread.State.TERMINATED && sampled.remove(r.thread().getId(), r)) {
                n++;
            }
        }
        return n;
    }

    /** The record of a sampled live virtual thread, or {@code null}. */
    public ThreadRecord get(long threadId) {
        return sampled.get(threadId);
    }

    /** Sampled records held (some may have ended since the last {@link #sweep()}). */
    public int sampledCount() {
        return sampled.size();
    }

    /** Starts sampled since the hooks were installed. */
    public long samples() {
        return samples.sum();
    }

    /** Samples not kept because {@link #MAX_SAMPLED} records were held. */
    public long dropped() {
        return dropped.sum();
    }

    /** Virtual threads started and not yet ended since the hooks were installed. */
    public static long live() {
        return Math.max(0, WeftVirtualThreadBridge.startedTotal() - WeftVirtualThreadBridge.doneTotal());
    }
}
