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
import java.util.function.Supplier;

/**
 * Deadlocks: {@code ThreadMXBean.findDeadlockedThreads()} (monitors and ownable synchronizers such
 * as {@code ReentrantLock}) and {@code findMonitorDeadlockedThreads()} every {@code deadlock.interval}.
 * Both are safepoint operations, which is why they run on this timer and never per scrape; their counts
 * are cached in the ledger for {@code jvm_threads_deadlocked[_monitor]}. When threads are deadlocked,
 * their stacks (at most {@value #MAX_DEPTH} frames) and held locks are taken, and each cycle becomes
 * one finding naming, for every thread, the line where it waits ({@code File.java:line}), the lock,
 * and its owner.
 *
 * <p><b>No safepoint on a healthy JVM.</b> Each round first reads every thread's state and lock owner
 * without stacks ({@code getThreadInfo(ids, 0)}: no safepoint, each thread read on its own) and follows
 * the "waits for a lock held by" edges of the threads that are {@code BLOCKED} or waiting with a lock
 * owner — the same edges the JVM's own search follows (a pending monitor entry, a park on an ownable
 * synchronizer). Only if they close a cycle does it ask the JVM, at a safepoint, for the exact answer;
 * {@code findMonitorDeadlockedThreads} only when that finds any. A real deadlock never changes, so a
 * snapshot taken thread by thread always shows its cycle; a cycle seen only because the snapshot is not
 * atomic costs one needless safepoint and is not reported. On a busy service without deadlocks this
 * takes the detector from two safepoint operations every {@code deadlock.interval} to none.
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
    private long prechecks;
    private long searches;

    private final Supplier<ThreadInfo[]> snapshot;
    /** The deadlocked threads of the last run (sorted ids) and what was reported for them. */
    private long[] lastDeadlocked = new long[0];
    private List<Findings.Observation> lastObservations = List.of();

    DeadlockDetector(ThreadMXBean bean, ThreadLedger ledger, Findings findings, long intervalMillis) {
        this(bean, ledger, findings, () -> bean.getThreadInfo(bean.getAllThreadIds(), 0), intervalMillis);
    }

    /**
     * @param snapshot every thread's {@code ThreadInfo} without stacks ({@code getThreadInfo(ids, 0)}), in
     *                 production the one the stuck detector reads in the same tick
     */
    DeadlockDetector(ThreadMXBean bean, ThreadLedger ledger, Findings findings, Supplier<ThreadInfo[]> snapshot,
                     long intervalMillis) {
        super(KIND, intervalMillis);
        this.bean = bean;
        this.ledger = ledger;
        this.findings = findings;
        this.snapshot = snapshot;
    }

    @Override
    public List<Findings.Observation> observe(long nowMillis) {
        if (!ownerCycle(snapshot.get())) {
            prechecks++;
            findings.deadlockCounts(0, 0);
            return List.of();
        }
        searches++;
        long[] all = bean.isSynchronizerUsageSupported() ? bean.findDeadlockedThreads() : null;
        long[] monitors = all != null && all.length == 0 ? null : bean.findMonitorDeadlockedThreads();
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

    /** Rounds that the stack-less snapshot settled without a safepoint (tests). */
    long prechecks() {
        return prechecks;
    }

    /** Rounds that asked the JVM at a safepoint (tests). */
    long searches() {
        return searches;
    }

    /**
     * Whether the "waits for a lock held by" edges of a snapshot close a cycle: each thread that is
     * {@code BLOCKED}, {@code WAITING} or {@code TIMED_WAITING} with a lock owner points to that owner;
     * every thread has at most one edge, so following them from each thread (colouring threads already
     * followed) finds any cycle in linear time.
     */
    static boolean ownerCycle(ThreadInfo[] snapshot) {
        Map<Long, Long> waitsFor = new HashMap<>();
        for (ThreadInfo i : snapshot) {
            if (i == null || i.getLockOwnerId() < 0) {
                continue;
            }
            Thread.State st = i.getThreadState();
            if (st == Thread.State.BLOCKED || st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING) {
                waitsFor.put(i.getThreadId(), i.getLockOwnerId());
            }
        }
        Map<Long, Long> walkOf = new HashMap<>(); // thread -> the start of the walk that first reached it
        for (Long start : waitsFor.keySet()) {
            Long id = start;
            while (id != null && !walkOf.containsKey(id)) {
                walkOf.put(id, start);
                id = waitsFor.get(id);
            }
            if (id != null && start.equals(walkOf.get(id))) {
                return true; // this walk came back to a thread it had passed: a cycle
            }
        }
        return false;
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
            } else if (r != null && r.siteNotSampled()) {
                details.add("  creation site not sampled (group " + Escape.quoted(r.group())
                        + " starts more than threads.sites.rate threads per second)");
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
