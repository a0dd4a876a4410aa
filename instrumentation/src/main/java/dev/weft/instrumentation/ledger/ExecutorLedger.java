package dev.weft.instrumentation.ledger;

import dev.weft.bridge.WeftBridge;
import dev.weft.bridge.WeftExecutorBridge;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live {@code ThreadPoolExecutor}s (subclasses and {@code ScheduledThreadPoolExecutor}
 * included), each held weakly and keyed by identity, and the series they are exported as.
 *
 * <p><b>Discovery.</b> A pool is recorded when its constructor returns; a pool built before the hooks
 * were in, when it is first used ({@code execute}, {@code schedule}, a worker starting, a
 * rejection). It leaves when {@code shutdown()}/{@code shutdownNow()} returns or when it is
 * garbage-collected (seen at the next {@link #series()}). A pool that is already shut down is never
 * recorded.
 *
 * <p><b>Names.</b> The normalised name of its first worker thread (digit runs → {@code #}), else
 * {@code SimpleClassName@File.java:line} of the code that built it (or, for a pool built before
 * the hooks, first used it). A pool is therefore renamed once, when its first worker starts. Pools
 * with the same name and type are summed into one series; at most {@link #MAX_SERIES} series keep
 * their name (the oldest, by discovery), the others are summed into {@code name="other"}, and each
 * executor folded there is counted once in {@link #seriesDropped()}.
 *
 * <p><b>The agent's own pools</b> (thread factory defined by the agent's class loader, or workers
 * named {@code weft-*}) are kept in the table, so that their lookups stay cheap, but never exported.
 *
 * <p><b>Timings.</b> {@code executor_queue_wait_seconds}: from {@code execute} (kept in {@link SubmitTimes},
 * keyed by the task's identity) to the worker taking the task ({@code getTask} returning it) or, for a
 * worker's first task, locking the worker; for scheduled pools, from when the task was due. {@code
 * executor_task_seconds}: from that same instant to the worker's {@code unlock()} (the task with
 * {@code beforeExecute}/{@code afterExecute}, which no subclass can skip). Counted by each worker into
 * its own cell of its series' {@link TaskTimings} (created on the series' first task).
 *
 * <p><b>Thread-per-task executors</b> (JDK 21+) are followed through the executor's own live-thread
 * set and a count of the tasks that ended; they have no queue and no per-task timings.
 *
 * <p><b>Cost.</b> Per task: on the submitting thread one identity lookup (the pool), one slot claim
 * (a CAS) and one {@code nanoTime()}; on the worker, one identity lookup of its thread in each of the
 * two per-task hooks ({@code getTask}, which starts the task, and {@code unlock}, which ends it; the
 * {@code lock} hook runs before a worker's first task only), one slot release (a CAS), two
 * {@code nanoTime()} reads and two single-writer counts into the worker's own cell; the worker's
 * per-task fields are padded onto cache lines of their own ({@link WorkerRecord}). All
 * wait-free or lock-free, none allocates. Everything else
 * happens once per pool or worker, or at scrape and monitor time, when the pool's own getters are
 * read (some take the pool's main lock briefly, as they do for any monitoring library).
 */
public final class ExecutorLedger implements WeftExecutorBridge.ExecutorHooks {

    /** Series that keep their own name; the rest are summed into {@link #OTHER}. */
    public static final int MAX_SERIES = 50;
    /** The {@code name} of the series that sums the executors beyond {@link #MAX_SERIES}. */
    public static final String OTHER = "other";
    /** {@code type} of a {@code ThreadPoolExecutor} and its subclasses. */
    public static final String TYPE_THREAD_POOL = "thread_pool";
    /** {@code type} of a {@code ScheduledThreadPoolExecutor} and its subclasses. */
    public static final String TYPE_SCHEDULED = "scheduled";
    /** {@code type} of a thread-per-task executor (JDK 21+). */
    public static final String TYPE_THREAD_PER_TASK = "thread_per_task";
    /** The JDK's thread-per-task executor class (package-private). */
    static final String THREAD_PER_TASK_CLASS = "java.util.concurrent.ThreadPerTaskExecutor";
    /** {@code type} of a {@code ForkJoinPool}, the common pool included. */
    public static final String TYPE_FORK_JOIN = "fork_join";
    /** The name of the common pool until one of its workers has started. */
    static final String COMMON_POOL = "ForkJoinPool.commonPool";

    /** Frames of the creation stack kept per executor (once per executor, for findings). */
    static final int CREATION_STACK_DEPTH = 32;

    /** Bound on the names whose completed/rejected totals are remembered after their pools are gone. */
    private static final int MAX_RETIRED = 1000;

    /** Submissions older than this are forgotten (their tasks left the queue without running). */
    static final long SUBMIT_MAX_AGE_NANOS = TimeUnit.HOURS.toNanos(1);

    private final WeakIdentityTable<ExecutorRecord> table = new WeakIdentityTable<>();
    private final WeakIdentityTable<WorkerRecord> workers = new WeakIdentityTable<>();
    /** Worker threads → their worker: the per-task hooks on a worker's thread look the thread up. */
    private final WeakIdentityTable<ThreadSlot> byThread = new WeakIdentityTable<>();
    private final SubmitTimes submits = new SubmitTimes();
    /** name + '\0' + type → distributions; at most {@link #MAX_SERIES} names per type plus other; guarded by itself. */
    private final Map<String, TaskTimings> timings = new HashMap<>();
    private final ClassLoader ownLoader;
    private final AtomicLong seq = new AtomicLong();
    private final LongAdder seriesDropped = new LongAdder();
    /** name + '\0' + type → {completed, rejected} of pools that are gone; guarded by itself. */
    private final Map<String, long[]> retired = new HashMap<>();

    /**
     * Receives each task's start and end while a recording enables {@code dev.weft.ExecutorTask}
     * (the exporter installs it only then); both run on the worker's thread.
     */
    public interface TaskEvents {
        /** A task starts on the current thread: a token for {@link #ended}, or null to skip it. */
        Object starting();

        /** The task that {@code token} began has ended. */
        void ended(Object token, String executor, String type, long queueWaitNanos);
    }

    /** Null unless task events are enabled: the per-task path reads this one field and does nothing else. */
    private volatile TaskEvents taskEvents;

    /** Installs (or, with null, removes) the receiver of task starts and ends. */
    public void setTaskEvents(TaskEvents events) {
        taskEvents = events;
    }

    /** A ledger that treats pools whose thread factory was defined by this class's loader as the agent's. */
    public ExecutorLedger() {
        this(ExecutorLedger.class.getClassLoader());
    }

    /**
     * @param ownLoader pools whose thread factory class was defined by this loader are the agent's own
     *                  and not exported; {@code null} for none (tests)
     */
    public ExecutorLedger(ClassLoader ownLoader) {
        this.ownLoader = ownLoader;
    }

    // ---- hooks (application threads) -------------------------------------------------------------

    @Override
    public void constructed(ThreadPoolExecutor executor) {
        if (table.find(executor) == null) {
            register(executor, false);
        }
    }

    @Override
    public void used(ThreadPoolExecutor executor, Runnable task, boolean submit) {
        ExecutorRecord r = table.find(executor);
        if (r == null) {
            if (executor.isShutdown()) {
                return;
            }
            r = register(executor, true);
        }
        if (submit && r != null && !r.excluded && task != null) {
            submits.put(task, System.nanoTime());
        }
    }

    @Override
    public void submitFailed(Runnable task) {
        if (task != null) {
            submits.take(task);
        }
    }

    @Override
    public void workerCreated(ThreadPoolExecutor executor, Object worker, Runnable firstTask) {
        ExecutorRecord r = table.find(executor);
        if (r == null) {
            if (executor.isShutdown()) {
                return;
            }
            r = register(executor, true);
        }
        if (r != null) {
            workers.addIfAbsent(new WorkerRecord(worker, r, firstTask));
        }
    }

    @Override
    public void taskDequeued(ThreadPoolExecutor executor, Runnable task) {
        Thread current = Thread.currentThread();
        ThreadSlot slot = byThread.find(current);
        WorkerRecord w = slot == null ? null : slot.worker;
        if (w == null) {
            w = unboundWorker(executor, current);
            if (w == null) {
                return;
            }
        }
        ExecutorRecord r = w.pool;
        if (r.excluded) {
            return;
        }
        long now = System.nanoTime();
        begin(w, now); // the task starts now: Worker.lock() follows at once
        long submitted = submits.take(task);
        long wait;
        if (submitted != -1) {
            wait = now - submitted;
        } else if (task instanceof Delayed && executor instanceof ScheduledThreadPoolExecutor) {
            // A scheduled task waits from when it is due: how late it starts.
            wait = Math.max(0, -((Delayed) task).getDelay(TimeUnit.NANOSECONDS));
        } else {
            return; // submitted before the hooks were in, or its slot was not free
        }
        record(w, r, TaskTimings.WAIT, wait);
    }

    /**
     * The slow path of {@link #taskDequeued}: {@code getTask} (private, called by {@code runWorker}
     * only) runs on a worker's thread, so a thread not linked to a worker here is one whose worker
     * started before the hooks were in. It is recorded once, keyed by its thread (its {@code Worker}
     * object is not known here; {@link #taskEnding} tells the worker's own thread by the worker's
     * {@code thread} field), and its tasks are timed from this one on.
     */
    private WorkerRecord unboundWorker(ThreadPoolExecutor executor, Thread current) {
        ExecutorRecord r = table.find(executor);
        if (r == null) {
            if (executor.isShutdown()) {
                return null;
            }
            r = register(executor, true);
            if (r == null) {
                return null;
            }
        }
        nameByWorker(r, current);
        WorkerRecord w = workers.addIfAbsent(new WorkerRecord(current, r, null));
        if (w != null) {
            bindThread(w, current);
        }
        return w;
    }

    /**
     * {@code Worker.lock()} by the worker's thread: a task starts. A task taken from the queue already
     * started when {@code getTask} returned it ({@link #taskDequeued}); what is left is a worker's first
     * task (handed to it at creation, never queued) and a worker not yet linked to its thread (built
     * before the hooks).
     */
    @Override
    public void taskStarting(ThreadPoolExecutor executor, Object worker) {
        Thread current = Thread.currentThread();
        ThreadSlot slot = byThread.find(current);
        WorkerRecord w = slot == null ? null : slot.worker;
        if (w == null || w.get() != worker) {
            w = workerRecord(executor, worker, current);
            if (w == null) {
                return;
            }
        }
        if (w.start != 0 || w.pool.excluded) {
            return;
        }
        long now = System.nanoTime();
        Runnable first = w.firstTask;
        if (first != null) {
            w.firstTask = null;
            long submitted = submits.take(first);
            if (submitted != -1) {
                record(w, w.pool, TaskTimings.WAIT, now - submitted);
            }
        }
        begin(w, now);
    }

    /** The worker's task starts at {@code now} (its own thread). */
    private void begin(WorkerRecord w, long now) {
        w.start = now;
        TaskEvents te = taskEvents;
        if (te != null) {
            w.event = te.starting();
        }
    }

    /** The slow path of {@link #taskStarting}: the worker (and its pool) found, or recorded, by identity. */
    private WorkerRecord workerRecord(ThreadPoolExecutor executor, Object worker, Thread current) {
        WorkerRecord w = workers.find(worker);
        if (w == null) { // a worker created before the hooks were in
            ExecutorRecord r = table.find(executor);
            if (r == null) {
                if (executor.isShutdown()) {
                    return null;
                }
                r = register(executor, true);
            }
            if (r == null) {
                return null;
            }
            w = workers.addIfAbsent(new WorkerRecord(worker, r, null));
            if (w == null) {
                return null;
            }
        }
        bindThread(w, current);
        return w;
    }

    /** Links a worker to its thread (once per worker: on its thread's start, or its first task). */
    private void bindThread(WorkerRecord w, Thread current) {
        ThreadSlot slot = byThread.find(current);
        if (slot == null || slot.worker != w) {
            if (slot != null) {
                byThread.remove(current);
            }
            slot = byThread.addIfAbsent(new ThreadSlot(current, w));
        }
        w.slot = slot;
    }

    @Override
    public void taskEnding(Object worker, Thread thread) {
        Thread current = Thread.currentThread();
        if (current != thread) {
            return; // another thread releasing an idle worker it locked to interrupt it
        }
        ThreadSlot slot = byThread.find(current);
        WorkerRecord w = slot == null ? null : slot.worker;
        if (w == null || w.start == 0) {
            return; // before the first task, or a task that started before the hooks were in
        }
        long elapsed = System.nanoTime() - w.start;
        w.start = 0;
        record(w, w.pool, TaskTimings.RUN, elapsed);
        long wait = w.taskWait;
        w.taskWait = -1;
        if (w.event != null) {
            endEvent(w, wait);
        }
    }

    /** Ends the running task's JFR event (out of line: the per-task path stays small enough to inline). */
    private void endEvent(WorkerRecord w, long wait) {
        Object event = w.event;
        w.event = null;
        TaskEvents te = taskEvents;
        if (te != null) {
            te.ended(event, w.pool.name(), w.pool.type, wait);
        }
    }

    /**
     * Records into the worker's own cell (single writer: the current thread is {@code w}'s), or, for a
     * thread that is no known worker, into the series' shared cell.
     */
    private void record(WorkerRecord w, ExecutorRecord r, int distribution, long nanos) {
        TaskTimings t = timings(r);
        if (w == null || w.thread() != Thread.currentThread()) {
            t.recordShared(distribution, nanos);
            return;
        }
        if (distribution == TaskTimings.WAIT) {
            w.taskWait = nanos;
        }
        TaskTimings.Cell c = w.cell;
        if (c == null || w.cellOwner != t) {
            c = t.claim(w.get());
            w.cell = c;
            w.cellOwner = t;
        }
        t.record(c, distribution, nanos);
    }

    @Override
    public void forkJoinConstructed(ForkJoinPool pool) {
        if (table.find(pool) == null) {
            register(pool, false);
        }
    }

    @Override
    public void forkJoinWorkerStarting(ForkJoinPool pool, Thread worker) {
        ExecutorRecord r = table.find(pool);
        if (r == null) {
            if (pool.isShutdown()) {
                return;
            }
            r = register(pool, true);
        }
        nameByWorker(r, worker);
    }

    @Override
    public void forkJoinShutdown(ForkJoinPool pool) {
        if (pool.isShutdown()) { // the common pool ignores shutdown()
            table.remove(pool);
        }
    }

    @Override
    public void threadPerTaskCreated(ExecutorService executor, ThreadFactory factory, Set<Thread> threads) {
        ExecutorRecord r = table.find(executor);
        if (r == null) {
            r = register(executor, false, factory);
        }
        if (r != null) {
            r.threads = threads;
        }
    }

    @Override
    public void threadPerTaskDone(ExecutorService executor, Thread thread, Set<Thread> threads) {
        ExecutorRecord r = table.find(executor);
        if (r == null) {
            if (executor.isShutdown()) {
                return;
            }
            r = register(executor, true, null); // built before the hooks: counted from now on
        }
        if (r == null) {
            return;
        }
        if (r.threads == null) {
            r.threads = threads;
        }
        if (thread == Thread.currentThread()) { // not a thread that failed to start
            nameByWorker(r, thread);
            r.tasksDone.increment();
        }
    }

    @Override
    public void threadPerTaskShutdown(ExecutorService executor) {
        if (!executor.isShutdown()) {
            return;
        }
        ExecutorRecord r = table.remove(executor);
        if (r != null && !r.excluded) {
            retire(r, r.tasksDone.sum());
        }
    }

    /** Records the common pool, which is built when {@code ForkJoinPool} is initialised (usually before the hooks). */
    public void seedCommonPool() {
        Object common = commonPoolOrNull();
        if (common != null && table.find(common) == null) {
            register(common, true);
        }
    }

    private static void nameByWorker(ExecutorRecord r, Thread worker) {
        if (r != null && r.threadName == null) {
            String name = ExecutorNames.normalise(worker.getName());
            if (name != null) {
                if (name.startsWith("weft-")) {
                    r.excluded = true;
                }
                r.threadName = name;
            }
        }
    }

    /** The record's distributions, resolved on its first task (by then its workers have named it). */
    private TaskTimings timings(ExecutorRecord r) {
        TaskTimings t = r.timings;
        return t != null ? t : resolveTimings(r);
    }

    /** The slow path of {@link #timings}, out of line: the per-task path stays small enough to inline. */
    private TaskTimings resolveTimings(ExecutorRecord r) {
        TaskTimings t;
        synchronized (timings) {
            t = r.timings;
            if (t == null) {
                String key = r.name() + '\0' + r.type;
                t = timings.get(key);
                if (t == null) {
                    int named = 0;
                    for (String k : timings.keySet()) {
                        if (k.endsWith('\0' + r.type) && !k.equals(OTHER + '\0' + r.type)) {
                            named++;
                        }
                    }
                    if (named >= MAX_SERIES) {
                        key = OTHER + '\0' + r.type;
                        t = timings.get(key);
                    }
                    if (t == null) {
                        t = new TaskTimings();
                        timings.put(key, t);
                    }
                }
                r.timings = t;
            }
            return t;
        }
    }

    /** As the hook, for a worker whose {@code Worker} object is unknown (tests). */
    public void workerStarting(ThreadPoolExecutor executor, Thread worker) {
        workerStarting(executor, worker, null);
    }

    @Override
    public void workerStarting(ThreadPoolExecutor executor, Thread thread, Object worker) {
        ExecutorRecord r = table.find(executor);
        if (r == null) {
            if (executor.isShutdown()) {
                return;
            }
            r = register(executor, true);
        }
        nameByWorker(r, thread);
        if (worker != null && r != null && thread == Thread.currentThread()) {
            WorkerRecord w = workers.find(worker);
            if (w == null) {
                w = workers.addIfAbsent(new WorkerRecord(worker, r, null));
            }
            if (w != null) {
                bindThread(w, thread);
            }
        }
    }

    @Override
    public void rejected(ThreadPoolExecutor executor, Runnable task) {
        if (task != null) {
            submits.take(task); // it will never be dequeued (CallerRunsPolicy runs it right here)
        }
        ExecutorRecord r = table.find(executor);
        if (r == null) {
            if (executor.isShutdown()) {
                return; // rejections after shutdown: the pool's series is gone
            }
            r = register(executor, true);
        }
        if (r != null) {
            r.rejected.increment();
        }
    }

    @Override
    public void shutdown(ThreadPoolExecutor executor, List<Runnable> drained) {
        if (drained != null) {
            for (Runnable task : drained) {
                submits.take(task); // taken out of the queue: they will never run
            }
        }
        if (!executor.isShutdown()) {
            return; // shutdown() threw before changing state
        }
        ExecutorRecord r = table.remove(executor);
        if (r != null && !r.excluded) {
            long completed = r.lastCompleted;
            try {
                completed = Math.max(completed, executor.getCompletedTaskCount());
            } catch (Throwable t) {
                WeftBridge.countError();
            }
            retire(r, completed);
        }
    }

    private ExecutorRecord register(Object executor, boolean preexisting) {
        return register(executor, preexisting, null);
    }

    /** @param factory a thread-per-task executor's thread factory (it has no getter), else null */
    private ExecutorRecord register(Object executor, boolean preexisting, ThreadFactory factory) {
        boolean own = factory != null ? ownLoader != null && factory.getClass().getClassLoader() == ownLoader
                : isOwn(executor);
        String type = executor instanceof ScheduledThreadPoolExecutor ? TYPE_SCHEDULED
                : executor instanceof ForkJoinPool ? TYPE_FORK_JOIN
                : executor.getClass().getName().equals(THREAD_PER_TASK_CLASS) ? TYPE_THREAD_PER_TASK : TYPE_THREAD_POOL;
        ExecutorNames.Built built = own ? null : ExecutorNames.capture(executor.getClass(), CREATION_STACK_DEPTH);
        String site = own ? "weft" : executor == commonPoolOrNull() ? COMMON_POOL : built.site();
        StackTraceElement[] stack = own ? new StackTraceElement[0] : built.stack();
        return table.addIfAbsent(new ExecutorRecord(executor, seq.incrementAndGet(), type, site, stack, preexisting,
                own));
    }

    private static Object commonPoolOrNull() {
        try {
            return ForkJoinPool.commonPool();
        } catch (Throwable t) {
            return null;
        }
    }

    private boolean isOwn(Object executor) {
        if (ownLoader == null || !(executor instanceof ForkJoinPool || executor instanceof ThreadPoolExecutor)) {
            return false;
        }
        try {
            Object f = executor instanceof ForkJoinPool ? ((ForkJoinPool) executor).getFactory()
                    : ((ThreadPoolExecutor) executor).getThreadFactory();
            return f != null && f.getClass().getClassLoader() == ownLoader;
        } catch (Throwable t) { // an override of getThreadFactory() that throws
            WeftBridge.countError();
            return false;
        }
    }

    private void retire(ExecutorRecord r, long completed) {
        String key = r.name() + '\0' + r.type;
        synchronized (retired) {
            long[] totals = retired.get(key);
            if (totals == null) {
                if (retired.size() >= MAX_RETIRED) {
                    return;
                }
                totals = new long[2];
                retired.put(key, totals);
            }
            totals[0] += completed;
            totals[1] += r.rejected.sum();
        }
    }

    // ---- readers (agent threads) -----------------------------------------------------------------

    /**
     * Reads every live pool's getters and sums them into at most {@link #MAX_SERIES} named series per
     * call plus one {@link #OTHER} series per type, ordered by first discovery. Pools whose getters
     * throw are left out of this call (the failure is counted). Also retires collected pools.
     */
    public synchronized List<ExecutorSeries> series() {
        workers.sweep();
        byThread.sweep();
        submits.sweep(System.nanoTime(), SUBMIT_MAX_AGE_NANOS);
        for (ExecutorRecord gone : table.sweep()) {
            if (!gone.excluded) {
                retire(gone, gone.lastCompleted);
            }
        }
        List<ExecutorRecord> records = table.records();
        records.sort(Comparator.comparingLong(r -> r.seq));
        Map<String, Acc> named = new LinkedHashMap<>();
        Map<String, Acc> other = new LinkedHashMap<>();
        for (ExecutorRecord r : records) {
            Object e = r.executor();
            if (e == null || r.excluded) {
                continue;
            }
            String name = r.name();
            String key = name + '\0' + r.type;
            Acc acc = named.get(key);
            if (acc == null) {
                if (named.size() < MAX_SERIES) {
                    acc = new Acc(name, r.type);
                    named.put(key, acc);
                } else {
                    acc = other.computeIfAbsent(r.type, t -> new Acc(OTHER, t));
                    if (!r.folded) {
                        r.folded = true;
                        seriesDropped.increment();
                    }
                }
            }
            try {
                acc.add(r, e);
            } catch (Throwable t) {
                WeftBridge.countError();
            }
        }
        List<ExecutorSeries> out = new ArrayList<>(named.size() + other.size());
        synchronized (timings) {
            Set<String> live = new HashSet<>();
            for (ExecutorRecord r : records) {
                String key = r.name() + '\0' + r.type;
                live.add(key);
                TaskTimings t = r.timings;
                if (t != null && !r.excluded) {
                    // A pool renamed after its first task (built before the hooks): its distributions follow it.
                    timings.putIfAbsent(key, t);
                }
            }
            // Distributions of series whose pools are all gone go with them (other stays).
            timings.keySet().removeIf(k -> !live.contains(k) && !k.startsWith(OTHER + '\0'));
            synchronized (retired) {
                for (Map.Entry<String, Acc> en : named.entrySet()) {
                    long[] gone = retired.get(en.getKey());
                    out.add(en.getValue().series(gone, timings.get(en.getKey())));
                }
            }
            for (Acc acc : other.values()) {
                out.add(acc.series(null, timings.get(OTHER + '\0' + acc.type)));
            }
        }
        return out;
    }

    /**
     * Each live, exported executor on its own (not summed by name): its getters read now, its creation
     * site and the tasks its workers are running. For the detectors and the periodic JFR event, on agent
     * threads; executors whose getters throw are left out (the failure is counted).
     */
    public List<ExecutorState> states() {
        Map<ExecutorRecord, List<ExecutorState.RunningTask>> running = new java.util.IdentityHashMap<>();
        for (WorkerRecord w : workers.records()) {
            // Plain fields written by the worker's own thread: a racy read that may be one task behind.
            long start = w.start;
            Thread t = w.thread();
            if (start != 0 && t != null && w.get() != null) {
                running.computeIfAbsent(w.pool, k -> new ArrayList<>()).add(new ExecutorState.RunningTask(t, start));
            }
        }
        List<ExecutorRecord> records = table.records();
        records.sort(Comparator.comparingLong(r -> r.seq));
        List<ExecutorState> out = new ArrayList<>(records.size());
        for (ExecutorRecord r : records) {
            Object e = r.executor();
            if (e == null || r.excluded) {
                continue;
            }
            try {
                List<ExecutorState.RunningTask> tasks = running.get(r);
                if (tasks == null) {
                    tasks = List.of();
                } else {
                    tasks.sort(Comparator.comparingLong(ExecutorState.RunningTask::startNanos));
                }
                out.add(state(r, e, tasks));
            } catch (Throwable t) {
                WeftBridge.countError();
            }
        }
        return out;
    }

    private static ExecutorState state(ExecutorRecord r, Object e, List<ExecutorState.RunningTask> tasks) {
        if (TYPE_THREAD_PER_TASK.equals(r.type)) {
            Set<Thread> threads = r.threads;
            int n = threads == null ? 0 : threads.size();
            return new ExecutorState(r.seq, r.name(), r.type, r.site, List.of(r.creationStack), n, n, -1, -1, 0,
                    r.tasksDone.sum(), -1, tasks);
        }
        if (e instanceof ForkJoinPool) {
            ForkJoinPool f = (ForkJoinPool) e;
            return new ExecutorState(r.seq, r.name(), r.type, r.site, List.of(r.creationStack),
                    f.getActiveThreadCount(), f.getPoolSize(), f.getParallelism(), f.getParallelism(),
                    f.getQueuedSubmissionCount() + f.getQueuedTaskCount(), -1, -1, tasks);
        }
        ThreadPoolExecutor p = (ThreadPoolExecutor) e;
        return new ExecutorState(r.seq, r.name(), r.type, r.site, List.of(r.creationStack),
                p.getActiveCount(), p.getPoolSize(), p.getCorePoolSize(), p.getMaximumPoolSize(),
                p.getQueue().size(), p.getCompletedTaskCount(), r.rejected.sum(), tasks);
    }

    /** Submission times held (for tests). */
    int pendingSubmits() {
        return submits.used();
    }

    /** Submissions whose time could not be kept (the submit table's slots near the task were taken). */
    public long submitTimesDropped() {
        return submits.dropped();
    }

    /** Executors folded into {@link #OTHER} because the series limit was reached, each counted once. */
    public long seriesDropped() {
        return seriesDropped.sum();
    }

    /** Live pools in the table, the agent's own included. */
    public int trackedCount() {
        return table.size();
    }

    /** The exported name of {@code executor}, or null if it is not tracked or is the agent's own. */
    public String nameOf(Object executor) {
        ExecutorRecord r = table.find(executor);
        return r == null || r.excluded ? null : r.name();
    }

    /** Whether {@code executor} is in the table (exported or the agent's own). */
    public boolean isTracked(Object executor) {
        return table.find(executor) != null;
    }

    /** Sums of one series, built at scrape time. */
    private static final class Acc {
        final String name;
        final String type;
        int executors;
        double active;
        double poolSize;
        double core;
        double max;
        double queued;
        double remaining;
        boolean bounded;
        double completed;
        double rejected;

        Acc(String name, String type) {
            this.name = name;
            this.type = type;
        }

        /** A fork-join pool has no maximum, no completed count and no rejection hook: those are left out. */
        boolean forkJoin;

        /** A thread-per-task executor has no core, maximum, queue or rejection count: those are left out. */
        boolean perTask;

        void add(ExecutorRecord r, Object e) {
            if (TYPE_THREAD_PER_TASK.equals(r.type)) {
                Set<Thread> threads = r.threads;
                int n = threads == null ? 0 : threads.size();
                long done = r.tasksDone.sum();
                r.lastCompleted = done;
                perTask = true;
                executors++;
                active += n;
                poolSize += n;
                completed += done;
            } else if (e instanceof ForkJoinPool) {
                ForkJoinPool f = (ForkJoinPool) e;
                int a = f.getActiveThreadCount();
                int p = f.getPoolSize();
                int c = f.getParallelism();
                long q = f.getQueuedSubmissionCount() + f.getQueuedTaskCount();
                forkJoin = true;
                executors++;
                active += a;
                poolSize += p;
                core += c;
                queued += q;
            } else {
                add(r, (ThreadPoolExecutor) e);
            }
        }

        /** Reads every getter first, so that a throwing one leaves the sums untouched. */
        void add(ExecutorRecord r, ThreadPoolExecutor e) {
            int a = e.getActiveCount();
            int p = e.getPoolSize();
            int c = e.getCorePoolSize();
            int m = e.getMaximumPoolSize();
            BlockingQueue<Runnable> q = e.getQueue();
            int size = q.size();
            int rem = q.remainingCapacity();
            long done = e.getCompletedTaskCount();
            r.lastCompleted = done;
            executors++;
            active += a;
            poolSize += p;
            core += c;
            max += m;
            queued += size;
            if (rem != Integer.MAX_VALUE) {
                bounded = true;
                remaining += rem;
            }
            completed += done;
            rejected += r.rejected.sum();
        }

        ExecutorSeries series(long[] gone, TaskTimings t) {
            double doneTotal = completed + (gone == null ? 0 : gone[0]);
            double rejectedTotal = rejected + (gone == null ? 0 : gone[1]);
            Timing[] both = t == null ? null : t.snapshot();
            Timing wait = both == null ? null : both[0];
            Timing run = both == null ? null : both[1];
            if (forkJoin) {
                return new ExecutorSeries(name, type, executors, active, poolSize, core, -1, queued, -1, -1, -1,
                        wait, run);
            }
            if (perTask) { // no queue: every task has its thread at once
                return new ExecutorSeries(name, type, executors, active, poolSize, -1, -1, 0, -1, doneTotal, -1,
                        wait, run);
            }
            return new ExecutorSeries(name, type, executors, active, poolSize, core, max, queued,
                    bounded ? remaining : -1, doneTotal, rejectedTotal, wait, run);
        }
    }
}
