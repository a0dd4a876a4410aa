package dev.weft.instrumentation.executor;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftExecutorBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.util.concurrent.ThreadPoolExecutor}: discovery, worker threads, rejections and
 * shutdown of every pool, subclasses included (they all run these base-class methods).
 *
 * <ul>
 *   <li>The seven-argument constructor, on exit: every other constructor, and every subclass's
 *       ({@code ScheduledThreadPoolExecutor} too), delegates to it.</li>
 *   <li>{@code execute(Runnable)}, on enter: picks up pools built before the hooks were in.
 *       {@code ScheduledThreadPoolExecutor} overrides it (see its own instrumentation).</li>
 *   <li>{@code runWorker(Worker)} (package-private final), on enter, on the new worker thread: the thread name
 *       names the pool. Runs once per worker, not per task.</li>
 *   <li>{@code getTask()} (private), on exit, on the worker thread: the task just taken from the
 *       queue, whose queue wait ends here.</li>
 *   <li>{@code reject(Runnable)} (package-private final), on enter: every rejection, whatever the
 *       handler.</li>
 *   <li>{@code shutdown()} / {@code shutdownNow()}, on exit: the pool leaves the ledger.</li>
 * </ul>
 */
public final class ThreadPoolExecutorInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "java.util.concurrent.ThreadPoolExecutor";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("ThreadPoolExecutor.<init>(7 args)",
                        isConstructor().and(takesArguments(7))
                                .and(takesArgument(4, named("java.util.concurrent.BlockingQueue")))
                                .and(takesArgument(5, named("java.util.concurrent.ThreadFactory"))),
                        ConstructorAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_CONSTRUCTED)),
                new HookPoint("ThreadPoolExecutor.execute(Runnable)",
                        named("execute").and(takesArguments(1)).and(isPublic())
                                .and(takesArgument(0, named("java.lang.Runnable"))),
                        ExecuteAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_EXECUTE)),
                new HookPoint("ThreadPoolExecutor.runWorker(Worker)",
                        named("runWorker").and(takesArguments(1))
                                .and(takesArgument(0, named("java.util.concurrent.ThreadPoolExecutor$Worker"))),
                        RunWorkerAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_RUN_WORKER)),
                new HookPoint("ThreadPoolExecutor.getTask()",
                        named("getTask").and(takesArguments(0)).and(isPrivate()),
                        GetTaskAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_GET_TASK)),
                new HookPoint("ThreadPoolExecutor.reject(Runnable)",
                        named("reject").and(takesArguments(1))
                                .and(takesArgument(0, named("java.lang.Runnable"))),
                        RejectAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_REJECT)),
                new HookPoint("ThreadPoolExecutor.shutdown()",
                        named("shutdown").and(takesArguments(0)).and(isPublic()),
                        ShutdownAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_SHUTDOWN)),
                new HookPoint("ThreadPoolExecutor.shutdownNow()",
                        named("shutdownNow").and(takesArguments(0)).and(isPublic()),
                        ShutdownNowAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_SHUTDOWN_NOW)));
    }

    private static long calls(int hook) {
        return WeftExecutorBridge.hookCalls(hook);
    }

    /**
     * Builds a one-thread pool with a {@code weft-} factory (the ledger leaves the agent's own pools
     * out), runs one task, shuts it down, and submits once more so that it rejects.
     */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "weft-selftest-executor");
            t.setDaemon(true);
            return t;
        };
        BlockingQueue<Runnable> queue = new SynchronousQueue<>();
        RejectedExecutionHandler discard = new ThreadPoolExecutor.DiscardPolicy();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, queue, factory, discard);
        try {
            pool.execute(() -> { });
        } finally {
            pool.shutdown();
        }
        pool.execute(() -> { }); // rejected (discarded): the pool is shut down
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** The seven-argument constructor, on exit (fields are set; subclass constructors may still run). */
    public static final class ConstructorAdvice {
        private ConstructorAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This ThreadPoolExecutor executor) {
            WeftExecutorBridge.constructed(executor);
        }
    }

    /** {@code execute(Runnable)}, on enter and, when it throws, on exit. */
    public static final class ExecuteAdvice {
        private ExecuteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This ThreadPoolExecutor executor, @Advice.Argument(0) Runnable task) {
            WeftExecutorBridge.used(executor, task, WeftExecutorBridge.HOOK_EXECUTE);
        }

        /** {@code execute} threw (a thread factory that throws; the abort policy): forget the submission. */
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Argument(0) Runnable task, @Advice.Thrown Throwable thrown) {
            if (thrown != null) {
                WeftExecutorBridge.submitFailed(task);
            }
        }
    }

    /** {@code runWorker(Worker)}, on enter, on the worker thread. */
    public static final class RunWorkerAdvice {
        private RunWorkerAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This ThreadPoolExecutor executor, @Advice.Argument(0) Object worker) {
            WeftExecutorBridge.workerStarting(executor, worker);
        }
    }

    /** {@code getTask()}, on exit, on the worker thread: the task it took from the queue, or null. */
    public static final class GetTaskAdvice {
        private GetTaskAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This ThreadPoolExecutor executor, @Advice.Return Runnable task) {
            WeftExecutorBridge.taskDequeued(executor, task);
        }
    }

    /** {@code reject(Runnable)}, on enter. */
    public static final class RejectAdvice {
        private RejectAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This ThreadPoolExecutor executor, @Advice.Argument(0) Runnable task) {
            WeftExecutorBridge.rejected(executor, task);
        }
    }

    /** {@code shutdown()}, on exit (also when it threw: a SecurityException leaves it running, checked there). */
    public static final class ShutdownAdvice {
        private ShutdownAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This ThreadPoolExecutor executor) {
            WeftExecutorBridge.shutdown(executor, null, WeftExecutorBridge.HOOK_SHUTDOWN);
        }
    }

    /** {@code shutdownNow()}, on exit: the drained tasks' submission times are forgotten. */
    public static final class ShutdownNowAdvice {
        private ShutdownNowAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This ThreadPoolExecutor executor, @Advice.Return List<Runnable> drained) {
            WeftExecutorBridge.shutdown(executor, drained, WeftExecutorBridge.HOOK_SHUTDOWN_NOW);
        }
    }
}
