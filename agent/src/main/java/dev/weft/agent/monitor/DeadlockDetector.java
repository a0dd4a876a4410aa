package dev.weft.agent.monitor;

import dev.weft.exporter.threads.Escape;
import dev.weft.instrumentation.ledger.CreationSite;
import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.ThreadLedger;
import dev.weft.instrumentation.ledger.ThreadRecord;
import java.lang.management.LockInfo;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deadlocks: {@code ThreadMXBean.findDeadlockedThreads()} (monitors and ownable synchronizers such
 * as {@code ReentrantLock}) and {@code findMonitorDeadlockedThreads()} every {@code deadlock.interval}.
 * Both are safepoint operations, which is why they run on this timer and never per scrape; their counts
 * are cached in the ledger for {@code jvm_threads_deadlocked[_monitor]}. When threads are deadlocked,
 * their stacks (at most {@value #MAX_DEPTH} frames) and held locks are taken, and each cycle becomes
 * one finding naming, for every thread, the line where it waits ({@code File.java:line}), the lock,
 * and its owner.
 *
 * <p>The stacks and held locks are taken once per set of deadlocked threads, not at every interval: a
 * deadlock never resolves by itself, so later runs that find the same threads reuse what was taken. Besides
 * sparing a handshake per interval, this matters for memory: asking for the locked synchronizers makes the
 * JVM walk the heap for them ({@code ConcurrentLocksDump}), and doing that every interval while a deadlock
 * lasts was seen (JDK 17 and 25, without Weft too) to keep a class loader the application had discarded
 * from ever being collected.
 */
final class DeadlockDetector extends ScheduledDetector {

    static final String KIND = "deadlock";
    static final int MAX_DEPTH = 32;

    private final ThreadMXBean bean;
    private final ThreadLedger ledger;
    private final Findings findings;
    /** The deadlocked threads of the last run (sorted ids) and what was reported for them. */
    private long[] lastDeadlocked = new long[0];
    private List<Findings.Observation> lastObservations = List.of();

    DeadlockDetector(ThreadMXBean bean, ThreadLedger ledger, Findings findings, long intervalMillis) {
        super(KIND, intervalMillis);
        this.bean = bean;
        this.ledger = ledger;
        this.findings = findings;
    }

    @Override
    public List<Findings.Observation> observe(long nowMillis) {
        long[] all = bean.isSynchronizerUsageSupported() ? bean.findDeadlockedThreads() : null;
        long[] monitors = bean.findMonitorDeadlockedThreads();
        if (all == null) {
            all = monitors;
        }
        findings.deadlockCounts(all == null ? 0 : all.length, monitors == null ? 0 : monitors.length);
        if (all == null || all.length == 0) {
            lastDeadlocked = new long[0];
            lastObservations = List.of();
            return List.of();
        }
        long[] sortedIds = all.clone();
        Arrays.sort(sortedIds);
        if (Arrays.equals(sortedIds, lastDeadlocked)) {
            return lastObservations; // the same threads, still deadlocked: nothing new to take
        }
        List<Findings.Observation> out = describe(all);
        lastDeadlocked = sortedIds;
        lastObservations = out;
        return out;
    }

    /** Takes the stacks and locks of the deadlocked threads {@code all} and makes one observation per cycle. */
    private List<Findings.Observation> describe(long[] all) {
        ThreadInfo[] infos = bean.getThreadInfo(all, bean.isObjectMonitorUsageSupported(),
                bean.isSynchronizerUsageSupported(), MAX_DEPTH);
        Map<Long, ThreadInfo> byId = new HashMap<>();
        for (ThreadInfo i : infos) {
            if (i != null) {
                byId.put(i.getThreadId(), i);
            }
        }
        List<Findings.Observation> out = new ArrayList<>();
        Set<Long> done = new LinkedHashSet<>();
        long[] sorted = all.clone();
        Arrays.sort(sorted);
        for (long id : sorted) {
            if (done.contains(id) || !byId.containsKey(id)) {
                continue;
            }
            List<ThreadInfo> cycle = cycleFrom(id, byId);
            for (ThreadInfo i : cycle) {
                done.add(i.getThreadId());
            }
            if (!cycle.isEmpty()) {
                out.add(observation(cycle));
            }
        }
        return out;
    }

    /** Follows lock owners from {@code start} until a thread repeats; returns the loop. */
    private static List<ThreadInfo> cycleFrom(long start, Map<Long, ThreadInfo> byId) {
        List<ThreadInfo> path = new ArrayList<>();
        Map<Long, Integer> seenAt = new HashMap<>();
        long id = start;
        while (byId.containsKey(id) && !seenAt.containsKey(id)) {
            seenAt.put(id, path.size());
            ThreadInfo i = byId.get(id);
            path.add(i);
            id = i.getLockOwnerId();
        }
        Integer from = seenAt.get(id);
        if (from == null) { // the chain left the deadlocked set: report what was followed
            return path;
        }
        List<ThreadInfo> cycle = new ArrayList<>(path.subList(from, path.size()));
        // Start the report at the lowest thread id, so the same cycle always has the same key and order.
        int min = 0;
        for (int k = 1; k < cycle.size(); k++) {
            if (cycle.get(k).getThreadId() < cycle.get(min).getThreadId()) {
                min = k;
            }
        }
        List<ThreadInfo> rotated = new ArrayList<>(cycle.subList(min, cycle.size()));
        rotated.addAll(cycle.subList(0, min));
        return rotated;
    }

    private Findings.Observation observation(List<ThreadInfo> cycle) {
        StringBuilder key = new StringBuilder();
        StringBuilder summary = new StringBuilder().append(cycle.size()).append(" threads in a cycle: ");
        String location = "";
        List<String> details = new ArrayList<>();
        for (int k = 0; k < cycle.size(); k++) {
            ThreadInfo i = cycle.get(k);
            key.append(k == 0 ? "" : ",").append(i.getThreadId());
            String at = waitsAt(i);
            if (k == 0) {
                location = at;
            }
            summary.append(k == 0 ? "" : "; ").append(Escape.quoted(i.getThreadName()))
                    .append(" waits at ").append(at).append(" for ").append(Escape.line(String.valueOf(i.getLockName())))
                    .append(" held by ").append(Escape.quoted(i.getLockOwnerName()));

            details.add("thread " + Escape.quoted(i.getThreadName()) + " (id " + i.getThreadId() + ") " + i.getThreadState()
                    + " waiting for " + Escape.line(String.valueOf(i.getLockName())) + " held by "
                    + Escape.quoted(i.getLockOwnerName()) + " (id " + i.getLockOwnerId() + ")");
            ThreadRecord r = ledger.get(i.getThreadId());
            CreationSite site = r == null ? null : r.site();
            if (site != null) {
                details.add("  created at " + site.describe());
            }
            StackTraceElement[] stack = i.getStackTrace();
            MonitorInfo[] held = i.getLockedMonitors();
            for (int d = 0; d < stack.length; d++) {
                details.add("  at " + Escape.line(CreationSite.format(stack[d])));
                for (MonitorInfo m : held) {
                    if (m.getLockedStackDepth() == d) {
                        details.add("    - locked " + Escape.line(m.toString()));
                    }
                }
            }
            LockInfo[] syncs = i.getLockedSynchronizers();
            for (LockInfo s : syncs) {
                details.add("  holds " + Escape.line(s.toString()));
            }
        }
        return new Findings.Observation(key.toString(), summary.toString(), location, details);
    }

    /** {@code File.java:line} of the first application frame of a blocked thread's stack. */
    static String waitsAt(ThreadInfo i) {
        StackTraceElement[] stack = i.getStackTrace();
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (!(c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
                    || c.startsWith("com.sun."))) {
                return CreationSite.location(f);
            }
        }
        return stack.length > 0 ? CreationSite.location(stack[0]) : "unknown";
    }
}
