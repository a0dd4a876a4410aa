package dev.weft.bridge;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bootstrap bridge for executors: what advice inlined into {@code ThreadPoolExecutor} and
 * {@code ScheduledThreadPoolExecutor} calls.
 *
 * <p><b>Which loader loads it, and why.</b> Like {@link WeftBridge}: the build relocates it to
 * {@code java.lang} and the agent defines it into {@code java.base}, because the advice is inlined
 * into classes of {@code java.util.concurrent}, which only see the bootstrap loader. JDK types only;
 * it must never name an agent class.
 *
 * <p><b>Failure policy.</b> Every entry point catches {@code Throwable} and counts it through
 * {@link WeftBridge#countError()}: nothing reaches the application.
 *
 * <p><b>Cost.</b> {@link #used}, {@link #taskDequeued} and {@link #taskEnding} run once per task each
 * ({@link #taskStarting} once per worker): a volatile read of the receiver and of
 * {@link #countTaskHooks}, and the receiver's lock-free, allocation-free work.
 */
public final class WeftExecutorBridge {

    /** {@code ThreadPoolExecutor}'s seven-argument constructor, on exit. */
    public static final int HOOK_CONSTRUCTED = 0;
    /** {@code ThreadPoolExecutor.execute(Runnable)}, on enter. */
    public static final int HOOK_EXECUTE = 1;
    /** {@code ThreadPoolExecutor.runWorker(Worker)}, on enter: a worker thread begins. */
    public static final int HOOK_RUN_WORKER = 2;
    /** {@code ThreadPoolExecutor.reject(Runnable)}, on enter. */
    public static final int HOOK_REJECT = 3;
    /** {@code ThreadPoolExecutor.shutdown()}, on exit. */
    public static final int HOOK_SHUTDOWN = 4;
    /** {@code ThreadPoolExecutor.shutdownNow()}, on exit. */
    public static final int HOOK_SHUTDOWN_NOW = 5;
    /** {@code ScheduledThreadPoolExecutor.delayedExecute(RunnableScheduledFuture)}, on enter. */
    public static final int HOOK_DELAYED_EXECUTE = 6;
    /** {@code ThreadPoolExecutor$Worker(Runnable)} constructor, on exit. */
    public static final int HOOK_WORKER_CREATED = 7;
    /** {@code ThreadPoolExecutor.getTask()}, on exit: a worker took a task from the queue (or none). */
    public static final int HOOK_GET_TASK = 8;
    /** {@code ThreadPoolExecutor$Worker.lock()}, on exit: the worker's first task is about to start. */
    public static final int HOOK_WORKER_LOCK = 9;
    /** {@code ThreadPoolExecutor$Worker.unlock()}, on enter: a task ended (or another thread releases). */
    public static final int HOOK_WORKER_UNLOCK = 10;
    /** {@code ForkJoinPool}'s ten-argument constructor, on exit (the other public ones delegate to it). */
    public static final int HOOK_FJP_CONSTRUCTED = 11;
    /** {@code ForkJoinPool.runWorker(WorkQueue)}, on enter, on the new worker thread. */
    public static final int HOOK_FJP_RUN_WORKER = 12;
    /** {@code ForkJoinPool.shutdown()}, on exit. */
    public static final int HOOK_FJP_SHUTDOWN = 13;
    /** {@code ForkJoinPool.shutdownNow()}, on exit. */
    public static final int HOOK_FJP_SHUTDOWN_NOW = 14;
    /** {@code ThreadPerTaskExecutor(ThreadFactory)} constructor, on exit (JDK 21+). */
    public static final int HOOK_TPT_CREATED = 15;
    /** {@code ThreadPerTaskExecutor.taskComplete(Thread)}, on enter (JDK 21+). */
    public static final int HOOK_TPT_TASK_COMPLETE = 16;
    /** {@code ThreadPerTaskExecutor.tryShutdownAndTerminate(boolean)}, on exit (JDK 21+). */
    public static final int HOOK_TPT_SHUTDOWN = 17;
    /** Number of hook identifiers. */
    public static final int HOOK_COUNT = 18;

    /**
     * Receiver of executor events, implemented by the executor ledger in the agent's loader.
     * Implementations must be fast, must not block for long, must not allocate on {@link #used},
     * and must tolerate being called on any thread.
     */
    public interface ExecutorHooks {
        /** A {@code ThreadPoolExecutor} (or subclass) finished its base constructor on this thread. */
        void constructed(ThreadPoolExecutor executor);

        /**
         * A task is being submitted.
         *
         * @param task   the task
         * @param submit whether this is {@code execute} (whose tasks are timed from now), not
         *               {@code delayedExecute} (whose tasks are timed from when they are due)
         */
        void used(ThreadPoolExecutor executor, Runnable task, boolean submit);

        /** {@code execute(task)} threw: the task is not queued. */
        void submitFailed(Runnable task);

        /** A worker was created (on the submitting thread), with its first task or null. */
        void workerCreated(ThreadPoolExecutor executor, Object worker, Runnable firstTask);

        /** A worker thread took {@code task} from the queue. */
        void taskDequeued(ThreadPoolExecutor executor, Runnable task);

        /**
         * The worker's thread locked the worker for the first time: its first task starts now (the
         * advice calls it only while the worker has completed no task).
         */
        void taskStarting(ThreadPoolExecutor executor, Object worker);

        /**
         * The worker is being unlocked: if the current thread is the worker's own {@code thread} and
         * was running a task, the task ended.
         */
        void taskEnding(Object worker, Thread thread);

        /**
         * A worker thread of {@code executor} is about to run its first task (the current thread).
         *
         * @param worker the {@code ThreadPoolExecutor$Worker} it runs
         */
        void workerStarting(ThreadPoolExecutor executor, Thread thread, Object worker);

        /** {@code executor} is rejecting {@code task}. */
        void rejected(ThreadPoolExecutor executor, Runnable task);

        /**
         * {@code shutdown()} or {@code shutdownNow()} returned.
         *
         * @param drained the tasks {@code shutdownNow()} took out of the queue (they will never run);
         *                null for {@code shutdown()}
         */
        void shutdown(ThreadPoolExecutor executor, List<Runnable> drained);

        /** A {@code ForkJoinPool} was built. */
        void forkJoinConstructed(ForkJoinPool pool);

        /** A worker thread of {@code pool} starts (the current thread). */
        void forkJoinWorkerStarting(ForkJoinPool pool, Thread worker);

        /** {@code pool.shutdown()} or {@code shutdownNow()} returned. */
        void forkJoinShutdown(ForkJoinPool pool);

        /**
         * A thread-per-task executor was built.
         *
         * @param threads the executor's own set of its live threads (read, never written)
         */
        void threadPerTaskCreated(ExecutorService executor, ThreadFactory factory, Set<Thread> threads);

        /** {@code thread} is leaving a thread-per-task executor: its task ended if it is the current thread. */
        void threadPerTaskDone(ExecutorService executor, Thread thread, Set<Thread> threads);

        /** A thread-per-task executor was shut down or closed. */
        void threadPerTaskShutdown(ExecutorService executor);
    }

    private static volatile ExecutorHooks hooks;

    /**
     * Whether the once-per-task hooks ({@code execute}, {@code delayedExecute}, {@code getTask},
     * {@code Worker.lock/unlock}) are counted. Counting them costs a contended {@link LongAdder}
     * increment each (a 2-core machine gives an adder only 2 cells), four per task, about a third of
     * the whole per-task cost; the self-test needs the counts only while it runs. The agent turns it
     * off after its self-test; the once-per-pool and once-per-worker hooks are always counted.
     */
    private static volatile boolean countTaskHooks = true;

    // LongAdder: execute() is called from many application threads at once; read only by the self-test.
    private static final LongAdder[] HOOK_CALLS = new LongAdder[HOOK_COUNT];

    static {
        for (int i = 0; i < HOOK_COUNT; i++) {
            HOOK_CALLS[i] = new LongAdder();
        }
    }

    private WeftExecutorBridge() {
    }

    /** Installs (or, with {@code null}, removes) the receiver of executor events. */
    public static void setHooks(ExecutorHooks h) {
        hooks = h;
    }

    /**
     * How many times the hook has fired since the JVM started (the once-per-task hooks: until
     * {@link #stopCountingTaskHooks()}).
     */
    public static long hookCalls(int hook) {
        return HOOK_CALLS[hook].sum();
    }

    /** Stops counting the once-per-task hooks (after the self-test): see {@link #countTaskHooks}. */
    public static void stopCountingTaskHooks() {
        countTaskHooks = false;
    }

    private static void countTaskHook(int hook) {
        if (countTaskHooks) {
            HOOK_CALLS[hook].increment();
        }
    }

    // ---- entry points called from advice -------------------------------------------------------

    /** Constructor exit. */
    public static void constructed(ThreadPoolExecutor executor) {
        try {
            HOOK_CALLS[HOOK_CONSTRUCTED].increment();
            ExecutorHooks h = hooks;
            if (h != null) {
                h.constructed(executor);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code execute} / {@code delayedExecute} enter; {@code hook} says which. */
    public static void used(ThreadPoolExecutor executor, Runnable task, int hook) {
        try {
            countTaskHook(hook);
            ExecutorHooks h = hooks;
            if (h != null) {
                h.used(executor, task, hook == HOOK_EXECUTE);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code execute} exit when it threw; not counted as a hook call (its enter is). */
    public static void submitFailed(Runnable task) {
        try {
            ExecutorHooks h = hooks;
            if (h != null) {
                h.submitFailed(task);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code Worker(Runnable)} exit, on the submitting thread. */
    public static void workerCreated(ThreadPoolExecutor executor, Object worker, Runnable firstTask) {
        try {
            HOOK_CALLS[HOOK_WORKER_CREATED].increment();
            ExecutorHooks h = hooks;
            if (h != null) {
                h.workerCreated(executor, worker, firstTask);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code getTask()} exit, on the worker thread; {@code task} is null when the worker is to exit. */
    public static void taskDequeued(ThreadPoolExecutor executor, Runnable task) {
        try {
            countTaskHook(HOOK_GET_TASK);
            ExecutorHooks h = hooks;
            if (h != null && task != null) {
                h.taskDequeued(executor, task);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code Worker.lock()} exit, on the worker thread, before the worker's first task only. */
    public static void taskStarting(ThreadPoolExecutor executor, Object worker) {
        try {
            countTaskHook(HOOK_WORKER_LOCK);
            ExecutorHooks h = hooks;
            if (h != null) {
                h.taskStarting(executor, worker);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /**
     * {@code Worker.unlock()} enter, on whichever thread holds the worker's lock; {@code thread} is the
     * worker's own.
     */
    public static void taskEnding(Object worker, Thread thread) {
        try {
            countTaskHook(HOOK_WORKER_UNLOCK);
            ExecutorHooks h = hooks;
            if (h != null) {
                h.taskEnding(worker, thread);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code runWorker(worker)} enter, on the worker thread. */
    public static void workerStarting(ThreadPoolExecutor executor, Object worker) {
        try {
            HOOK_CALLS[HOOK_RUN_WORKER].increment();
            ExecutorHooks h = hooks;
            if (h != null) {
                h.workerStarting(executor, Thread.currentThread(), worker);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code reject} enter. */
    public static void rejected(ThreadPoolExecutor executor, Runnable task) {
        try {
            HOOK_CALLS[HOOK_REJECT].increment();
            ExecutorHooks h = hooks;
            if (h != null) {
                h.rejected(executor, task);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code shutdown} / {@code shutdownNow} exit; {@code hook} says which. */
    public static void shutdown(ThreadPoolExecutor executor, List<Runnable> drained, int hook) {
        try {
            HOOK_CALLS[hook].increment();
            ExecutorHooks h = hooks;
            if (h != null) {
                h.shutdown(executor, drained);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code ForkJoinPool} constructor exit. */
    public static void forkJoinConstructed(ForkJoinPool pool) {
        try {
            HOOK_CALLS[HOOK_FJP_CONSTRUCTED].increment();
            ExecutorHooks h = hooks;
            if (h != null) {
                h.forkJoinConstructed(pool);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code ForkJoinPool.runWorker} enter, on the worker thread. */
    public static void forkJoinWorkerStarting(ForkJoinPool pool) {
        try {
            HOOK_CALLS[HOOK_FJP_RUN_WORKER].increment();
            ExecutorHooks h = hooks;
            if (h != null) {
                h.forkJoinWorkerStarting(pool, Thread.currentThread());
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code ForkJoinPool.shutdown()} / {@code shutdownNow()} exit; {@code hook} says which. */
    public static void forkJoinShutdown(ForkJoinPool pool, int hook) {
        try {
            HOOK_CALLS[hook].increment();
            ExecutorHooks h = hooks;
            if (h != null) {
                h.forkJoinShutdown(pool);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code ThreadPerTaskExecutor} constructor exit. */
    public static void threadPerTaskCreated(ExecutorService executor, ThreadFactory factory, Set<Thread> threads) {
        try {
            HOOK_CALLS[HOOK_TPT_CREATED].increment();
            ExecutorHooks h = hooks;
            if (h != null) {
                h.threadPerTaskCreated(executor, factory, threads);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code ThreadPerTaskExecutor.taskComplete(thread)} enter; a thread start costs far more than the count. */
    public static void threadPerTaskDone(ExecutorService executor, Thread thread, Set<Thread> threads) {
        try {
            HOOK_CALLS[HOOK_TPT_TASK_COMPLETE].increment();
            ExecutorHooks h = hooks;
            if (h != null) {
                h.threadPerTaskDone(executor, thread, threads);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }

    /** {@code ThreadPerTaskExecutor.tryShutdownAndTerminate} exit. */
    public static void threadPerTaskShutdown(ExecutorService executor) {
        try {
            HOOK_CALLS[HOOK_TPT_SHUTDOWN].increment();
            ExecutorHooks h = hooks;
            if (h != null) {
                h.threadPerTaskShutdown(executor);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }
}
