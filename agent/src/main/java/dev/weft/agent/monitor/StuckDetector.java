package dev.weft.agent.monitor;

import dev.weft.exporter.threads.Escape;
import dev.weft.instrumentation.ledger.CreationSite;
import dev.weft.instrumentation.ledger.ExecutorState;
import dev.weft.instrumentation.ledger.Findings;
import dev.weft.instrumentation.ledger.InFlightIo;
import dev.weft.instrumentation.ledger.ThreadLedger;
import dev.weft.instrumentation.ledger.ThreadRecord;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Stuck threads: one wait (park, {@code Object.wait}, monitor entry, future) or one blocking socket read
 * that lasts longer than {@code stuck.threshold}, found by sampling.
 *
 * <p><b>How a wait is recognised without hooks.</b> Every tick reads all threads' states, lock names and
 * the JVM's per-thread blocked/waited counters with {@code getThreadInfo(ids, 0)} (no stacks, no
 * safepoint). The counters advance every time a thread enters a wait (park, wait and sleep alike,
 * checked on JDK 17 and 25), so a thread whose state, counters and lock are unchanged since an earlier
 * tick has been in one and the same wait since then. A {@code RUNNABLE} thread is a candidate only while
 * its CPU time does not advance (a thread in a blocking read uses none).
 *
 * <p><b>Bounded sampling.</b> Only candidates older than the threshold have their stacks taken (at most
 * {@value #MAX_SAMPLED} per tick, oldest first, {@value #MAX_DEPTH} frames): that is the one
 * stop-the-world-ish cost, and it applies only to threads that are already suspect. A thread found idle
 * is not sampled again while it stays in the same wait: never, for a waiting or blocked thread (its
 * unchanged counters prove it is still in that idle wait), and once per threshold for a {@code RUNNABLE}
 * one (nothing counts what a thread that uses no CPU does next, e.g. a selector thread that moves to a
 * blocking read). So a healthy service's idle threads cost one stack each per wait, not one every
 * threshold.
 *
 * <p><b>Not stuck.</b> Idle workers waiting for work (a {@code ThreadPoolExecutor} in {@code getTask},
 * a {@code ForkJoinPool} worker in {@code awaitWork}, any thread in a {@code BlockingQueue} take or poll,
 * a {@code Timer} thread), reference-handling JDK threads, a thread in {@code Thread.sleep} (a timed
 * pause ends by itself), JFR's periodic thread between two periodic events, Weft's own {@code weft-*}
 * threads, and {@code RUNNABLE} threads that are not in a socket read (selectors and {@code accept}
 * loops are how servers idle).
 *
 * <p><b>Blocking I/O.</b> The I/O hooks note the call each platform thread is in ({@link InFlightIo}: kind,
 * start, socket). A {@code RUNNABLE} thread in a socket read, write or connect is a candidate, and its finding
 * names the socket ({@code Socket[addr=…,port=…,localport=…]} or the channel's local and remote
 * addresses, from their {@code toString()}, called on the monitor thread) and the call's start. File calls are
 * not candidates: a thread reading standard input or a pipe is how command-line programs idle.
 *
 * <p><b>Pool tasks.</b> A thread that is running a task of a {@code ThreadPoolExecutor} the ledger
 * follows is judged by its task instead: stuck when that task has run longer than the threshold,
 * whatever the thread does (waits, computes, reads), and reported once per task with the pool named,
 * where it was built and the task's current stack. Such a thread is never reported by the wait rule as
 * well: a wait inside a task starts after the task does, so the task rule always sees it first.
 */
final class StuckDetector extends ScheduledDetector {

    static final String KIND = "stuck";
    static final int MAX_SAMPLED = 64;
    static final int MAX_DEPTH = 32;
    static final int STACK_LINES = 24;

    private static final Set<String> IDLE_FRAMES = Set.of(
            "java.util.concurrent.ThreadPoolExecutor.getTask",
            "java.util.concurrent.ForkJoinPool.awaitWork",
            "java.util.concurrent.LinkedBlockingQueue.take", "java.util.concurrent.LinkedBlockingQueue.poll",
            "java.util.concurrent.ArrayBlockingQueue.take", "java.util.concurrent.ArrayBlockingQueue.poll",
            "java.util.concurrent.LinkedBlockingDeque.take", "java.util.concurrent.LinkedBlockingDeque.takeFirst",
            "java.util.concurrent.LinkedBlockingDeque.poll", "java.util.concurrent.LinkedBlockingDeque.pollFirst",
            "java.util.concurrent.SynchronousQueue.take", "java.util.concurrent.SynchronousQueue.poll",
            "java.util.concurrent.LinkedTransferQueue.take", "java.util.concurrent.LinkedTransferQueue.poll",
            "java.util.concurrent.PriorityBlockingQueue.take", "java.util.concurrent.PriorityBlockingQueue.poll",
            "java.util.concurrent.DelayQueue.take", "java.util.concurrent.DelayQueue.poll",
            "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take",
            "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.poll",
            "java.util.TimerThread.mainLoop",
            "java.lang.ref.Reference.waitForReferencePendingList", "java.lang.ref.ReferenceQueue.remove",
            "java.lang.Thread.sleep", "java.lang.Thread.sleepNanos", "java.lang.Thread.sleep0",
            // JFR's periodic thread naps until its next periodic event is due (up to a period, e.g. 10 s)
            "jdk.jfr.internal.PlatformRecorder.takeNap");

    private static final Set<String> SOCKET_READ_FRAMES = Set.of(
            "sun.nio.ch.NioSocketImpl.read", "sun.nio.ch.NioSocketImpl.implRead", "sun.nio.ch.NioSocketImpl.timedRead",
            "java.net.SocketInputStream.read", "java.net.SocketInputStream.socketRead0",
            "sun.nio.ch.SocketChannelImpl.read");

    private static final Set<String> STUCK_IO_KINDS = Set.of("socket_read", "socket_write", "socket_connect");
    static final int MAX_TARGET_LENGTH = 200;

    private static final Set<String> FUTURE_FRAMES = Set.of(
            "java.util.concurrent.CompletableFuture.get", "java.util.concurrent.CompletableFuture.join",
            "java.util.concurrent.CompletableFuture.waitingGet", "java.util.concurrent.CompletableFuture.timedGet",
            "java.util.concurrent.FutureTask.get", "java.util.concurrent.FutureTask.awaitDone");

    /** One thread's current wait, as far as the counters tell. */
    private static final class Track {
        Thread.State state;
        long blocked;
        long waited;
        String lock;
        long cpu;
        long sinceMillis;
        /** When its stack last showed an idle wait (0: never); only a RUNNABLE one is re-checked, once per threshold. */
        long idleAtMillis;
        /** Stacks taken in this wait. */
        int stacksTaken;
    }

    private final ThreadMXBean bean;
    private final ThreadLedger ledger;
    private final InFlightIo inFlight;
    private final long thresholdMillis;
    private final Map<Long, Track> tracks = new HashMap<>();
    private final Supplier<List<ExecutorState>> pools;
    private final Supplier<ThreadInfo[]> snapshot;

    StuckDetector(ThreadMXBean bean, ThreadLedger ledger, long thresholdMillis, long intervalMillis) {
        this(bean, ledger, new InFlightIo(), List::of, thresholdMillis, intervalMillis);
    }

    /**
     * @param inFlight the blocking I/O call each platform thread is in
     * @param pools    the live executors, whose running tasks are judged by their run time
     */
    StuckDetector(ThreadMXBean bean, ThreadLedger ledger, InFlightIo inFlight, Supplier<List<ExecutorState>> pools,
                  long thresholdMillis, long intervalMillis) {
        this(bean, ledger, inFlight, pools, () -> bean.getThreadInfo(bean.getAllThreadIds(), 0), thresholdMillis,
                intervalMillis);
    }

    /**
     * @param snapshot every thread's {@code ThreadInfo} without stacks ({@code getThreadInfo(ids, 0)}), shared
     *                 with the deadlock detector within a tick
     */
    StuckDetector(ThreadMXBean bean, ThreadLedger ledger, InFlightIo inFlight, Supplier<List<ExecutorState>> pools,
                  Supplier<ThreadInfo[]> snapshot, long thresholdMillis, long intervalMillis) {
        super(KIND, intervalMillis);
        this.snapshot = snapshot;
        this.bean = bean;
        this.ledger = ledger;
        this.inFlight = inFlight;
        this.pools = pools;
        this.thresholdMillis = thresholdMillis;
    }

    /** How many times this thread's stack was taken in its current wait (tests); -1 if not tracked. */
    int stacksTaken(long threadId) {
        Track t = tracks.get(threadId);
        return t == null ? -1 : t.stacksTaken;
    }

    /** A pool task running on a thread. */
    private record PoolTask(ExecutorState pool, ExecutorState.RunningTask task) {
    }

    @Override
    public List<Findings.Observation> observe(long now) {
        Map<Long, PoolTask> poolTasks = new HashMap<>();
        for (ExecutorState p : pools.get()) {
            for (ExecutorState.RunningTask t : p.running()) {
                poolTasks.put(t.thread().getId(), new PoolTask(p, t));
            }
        }
        long nowNanos = System.nanoTime();
        ThreadInfo[] infos = snapshot.get();
        boolean cpuTime = bean.isThreadCpuTimeSupported() && bean.isThreadCpuTimeEnabled();
        Set<Long> seen = new HashSet<>();
        List<Long> candidates = new ArrayList<>();
        for (ThreadInfo i : infos) {
            if (i == null || i.getThreadName() == null || i.getThreadName().startsWith("weft-")) {
                continue;
            }
            long id = i.getThreadId();
            PoolTask pt = poolTasks.get(id);
            if (pt != null) {
                tracks.remove(id); // judged by its task, never by the wait rule as well
                if (nowNanos - pt.task().startNanos() >= TimeUnit.MILLISECONDS.toNanos(thresholdMillis)) {
                    candidates.add(id);
                }
                continue;
            }
            seen.add(id);
            Thread.State st = i.getThreadState();
            boolean waiting = st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING || st == Thread.State.BLOCKED;
            long cpu = st == Thread.State.RUNNABLE && cpuTime ? bean.getThreadCpuTime(id) : 0;
            if (!waiting && (st != Thread.State.RUNNABLE || !cpuTime || cpu < 0)) {
                tracks.remove(id);
                continue;
            }
            Track t = tracks.get(id);
            boolean same = t != null && t.state == st && t.blocked == i.getBlockedCount()
                    && t.waited == i.getWaitedCount() && java.util.Objects.equals(t.lock, i.getLockName())
                    // RUNNABLE: less than 1 % of the elapsed time on a CPU since the wait began.
                    && (st != Thread.State.RUNNABLE || (cpu - t.cpu) / 1_000_000 * 100 <= Math.max(1, now - t.sinceMillis));
            if (!same) {
                t = new Track();
                t.state = st;
                t.blocked = i.getBlockedCount();
                t.waited = i.getWaitedCount();
                t.lock = i.getLockName();
                t.cpu = cpu;
                t.sinceMillis = now;
                tracks.put(id, t);
            }
            if (now - t.sinceMillis >= thresholdMillis
                    && (t.idleAtMillis == 0
                        || st == Thread.State.RUNNABLE && now - t.idleAtMillis >= thresholdMillis)) {
                candidates.add(id);
            }
        }
        tracks.keySet().retainAll(seen);
        if (candidates.isEmpty()) {
            return List.of();
        }
        candidates.sort(Comparator.comparingLong(id -> {
            PoolTask pt = poolTasks.get(id);
            return pt != null ? now - TimeUnit.NANOSECONDS.toMillis(nowNanos - pt.task().startNanos())
                    : tracks.get(id).sinceMillis;
        }));
        if (candidates.size() > MAX_SAMPLED) {
            candidates = candidates.subList(0, MAX_SAMPLED);
        }
        ThreadInfo[] sampled = bean.getThreadInfo(candidates.stream().mapToLong(Long::longValue).toArray(), MAX_DEPTH);
        List<Findings.Observation> out = new ArrayList<>();
        for (ThreadInfo i : sampled) {
            if (i == null) {
                continue;
            }
            PoolTask pt = poolTasks.get(i.getThreadId());
            if (pt != null) {
                out.add(taskObservation(i, pt, nowNanos));
                continue;
            }
            Track t = tracks.get(i.getThreadId());
            StackTraceElement[] stack = i.getStackTrace();
            if (t == null || i.getThreadState() != t.state) {
                continue;
            }
            t.stacksTaken++;
            InFlightIo.Call call = inFlight.get(i.getThreadId());
            if (call != null && !STUCK_IO_KINDS.contains(call.kind())) {
                call = null;
            }
            if (call != null) {
                // Successive short reads with no CPU in between look like one wait to the counters; the
                // current call's own start tells them apart.
                long callMillis = Math.max(0, System.nanoTime() - call.startNanos()) / 1_000_000;
                if (callMillis < thresholdMillis) {
                    t.sinceMillis = Math.max(t.sinceMillis, now - callMillis);
                    continue;
                }
            }
            if (isIdle(stack) || (t.state == Thread.State.RUNNABLE && call == null && !has(stack, SOCKET_READ_FRAMES))) {
                t.idleAtMillis = now; // an idle accept loop or pool worker is not sampled again every tick
                continue;
            }
            out.add(observation(i, t, call, now));
        }
        return out;
    }

    /** {@code " on <the socket's toString()>"}, bounded, or empty when unknown. */
    static String target(Object target) {
        if (target == null) {
            return "";
        }
        try {
            String s = String.valueOf(target);
            if (s.length() > MAX_TARGET_LENGTH) {
                s = s.substring(0, MAX_TARGET_LENGTH) + "...";
            }
            return " on " + Escape.line(s);
        } catch (Throwable e) { // a socket being closed under us: say what we know
            return "";
        }
    }

    static boolean isIdle(StackTraceElement[] stack) {
        return has(stack, IDLE_FRAMES);
    }

    private static boolean has(StackTraceElement[] stack, Set<String> frames) {
        for (StackTraceElement f : stack) {
            if (frames.contains(f.getClassName() + "." + f.getMethodName())) {
                return true;
            }
        }
        return false;
    }

    private Findings.Observation taskObservation(ThreadInfo i, PoolTask pt, long nowNanos) {
        StackTraceElement[] stack = i.getStackTrace();
        String where = DeadlockDetector.waitsAt(i);
        long ms = TimeUnit.NANOSECONDS.toMillis(Math.max(0, nowNanos - pt.task().startNanos()));
        String name = Escape.quoted(i.getThreadName());
        Thread.State st = i.getThreadState();
        String doing = st == Thread.State.RUNNABLE && !has(stack, SOCKET_READ_FRAMES) ? "running"
                : "waiting for " + waitingFor(i, st);
        String summary = name + " stuck for " + Durations.format(ms / 1000 * 1000) + " at " + where + " " + doing
                + ", in one task of " + PoolEvidence.describe(pt.pool());
        List<String> details = new ArrayList<>();
        details.add("thread " + name + " (id " + i.getThreadId() + ") " + st + ", " + doing + "; its current task"
                + " started " + Durations.format(ms) + " ago");
        details.add(PoolEvidence.counts(pt.pool()));
        details.add("current stack:");
        PoolEvidence.addStack(details, stack);
        List<StackTraceElement> built = pt.pool().creationStack();
        if (!built.isEmpty()) {
            details.add("pool built at:");
            for (int k = 0; k < Math.min(PoolEvidence.STACK_LINES, built.size()); k++) {
                details.add("  at " + Escape.line(CreationSite.format(built.get(k))));
            }
        }
        String labelKind = st == Thread.State.RUNNABLE && !has(stack, SOCKET_READ_FRAMES) ? "running"
                : labelKind(i, st, null);
        // Key: the thread and this task's start, so the worker's next task is a new finding.
        return new Findings.Observation(i.getThreadId() + "@task" + pt.task().startNanos(), summary, where, details,
                labelKind, poolOf(i));
    }

    /** The {@code pool} label: the thread's group (its name at start with digit runs as {@code #}). */
    private String poolOf(ThreadInfo i) {
        ThreadRecord r = ledger.get(i.getThreadId());
        return r != null ? r.group() : ThreadLedger.groupOf(i.getThreadName());
    }

    private Findings.Observation observation(ThreadInfo i, Track t, InFlightIo.Call call, long now) {
        StackTraceElement[] stack = i.getStackTrace();
        String where = DeadlockDetector.waitsAt(i);
        String what = call != null ? "a " + call.kind().replace('_', ' ') + target(call.target())
                : waitingFor(i, t.state);
        String labelKind = labelKind(i, t.state, call);
        String name = Escape.quoted(i.getThreadName());
        String summary = name + " stuck for " + Durations.format(Math.max(0, now - t.sinceMillis) / 1000 * 1000)
                + " at " + where + " waiting for " + what;
        List<String> details = new ArrayList<>();
        details.add("thread " + name + " (id " + i.getThreadId() + ") " + t.state + ", waiting since at least "
                + Instant.ofEpochMilli(t.sinceMillis) + " for " + what);
        if (call != null) {
            long ago = Math.max(0, System.nanoTime() - call.startNanos()) / 1_000_000;
            details.add("in a blocking " + call.kind() + " call since " + Instant.ofEpochMilli(now - ago)
                    + " (" + Durations.format(ago / 1000 * 1000) + ")");
        }
        ThreadRecord r = ledger.get(i.getThreadId());
        if (r != null && r.site() != null) {
            details.add("created at " + r.site().describe() + " by " + Escape.quoted(r.starterName()));
        } else if (r != null && r.siteNotSampled()) {
            details.add("created by " + Escape.quoted(r.starterName()) + "; creation site not sampled (group "
                    + Escape.quoted(r.group()) + " starts more than threads.sites.rate threads per second)");
        }
        details.add("current stack:");
        for (int k = 0; k < Math.min(STACK_LINES, stack.length); k++) {
            details.add("  at " + Escape.line(CreationSite.format(stack[k])));
        }
        // Key: the thread and this wait's start, so the next wait of the same thread is a new finding.
        return new Findings.Observation(i.getThreadId() + "@" + t.sinceMillis, summary, where, details, labelKind,
                poolOf(i));
    }

    /**
     * The {@code kind} label of {@code jvm_threads_stuck}, a closed set: the blocking I/O call's kind
     * ({@code socket_read}, {@code socket_write}, {@code socket_connect}), {@code future},
     * {@code monitor}, {@code lock}, {@code other} (and {@code running} for a pool task on a CPU).
     */
    private static String labelKind(ThreadInfo i, Thread.State state, InFlightIo.Call call) {
        StackTraceElement[] stack = i.getStackTrace();
        if (call != null) {
            return call.kind();
        } else if (has(stack, SOCKET_READ_FRAMES)) {
            return "socket_read";
        } else if (has(stack, FUTURE_FRAMES)) {
            return "future";
        } else if (i.getLockName() != null) {
            return state == Thread.State.BLOCKED ? "monitor" : "lock";
        }
        return "other";
    }

    /** What the thread waits for, as the summary says it: a socket read, a future, a lock and its owner. */
    private static String waitingFor(ThreadInfo i, Thread.State state) {
        StackTraceElement[] stack = i.getStackTrace();
        if (has(stack, SOCKET_READ_FRAMES)) {
            return "a socket read";
        } else if (has(stack, FUTURE_FRAMES)) {
            return "a future that does not complete (" + Escape.line(String.valueOf(i.getLockName())) + ")";
        } else if (i.getLockName() != null) {
            return (state == Thread.State.BLOCKED ? "monitor " : "") + Escape.line(i.getLockName())
                    + (i.getLockOwnerName() != null ? " held by " + Escape.quoted(i.getLockOwnerName()) : "");
        }
        return state.toString();
    }
}
