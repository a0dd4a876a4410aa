package dev.weft.instrumentation.executor;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftExecutorBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.util.concurrent.ThreadPerTaskExecutor} (JDK 21+; {@code Executors.newThreadPerTaskExecutor}
 * and {@code newVirtualThreadPerTaskExecutor}): a thread per task, no queue, no getters in the public
 * API. The advice hands the executor's own live-thread set ({@code threads}) to the ledger, whose size
 * is the active-thread count, and counts the tasks that complete.
 *
 * <ul>
 *   <li>The private constructor {@code (ThreadFactory)}, on exit: its factory and thread set.</li>
 *   <li>{@code taskComplete(Thread)} (private), on enter: a task ended on that thread (the current one),
 *       or a thread that never started is being removed (not the current thread).</li>
 *   <li>{@code tryShutdownAndTerminate(boolean)} (private), on exit: behind {@code shutdown},
 *       {@code shutdownNow} and {@code close}; the executor leaves the ledger.</li>
 * </ul>
 */
public final class ThreadPerTaskExecutorInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "java.util.concurrent.ThreadPerTaskExecutor";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("ThreadPerTaskExecutor.<init>(ThreadFactory)",
                        isConstructor().and(takesArguments(1))
                                .and(takesArgument(0, named("java.util.concurrent.ThreadFactory"))),
                        ConstructorAdvice.class, 21, () -> calls(WeftExecutorBridge.HOOK_TPT_CREATED)),
                new HookPoint("ThreadPerTaskExecutor.taskComplete(Thread)",
                        named("taskComplete").and(takesArguments(1)).and(isPrivate())
                                .and(takesArgument(0, named("java.lang.Thread"))),
                        TaskCompleteAdvice.class, 21, () -> calls(WeftExecutorBridge.HOOK_TPT_TASK_COMPLETE)),
                new HookPoint("ThreadPerTaskExecutor.tryShutdownAndTerminate(boolean)",
                        named("tryShutdownAndTerminate").and(takesArguments(1)).and(isPrivate())
                                .and(takesArgument(0, boolean.class)),
                        ShutdownAdvice.class, 21, () -> calls(WeftExecutorBridge.HOOK_TPT_SHUTDOWN)));
    }

    private static long calls(int hook) {
        return WeftExecutorBridge.hookCalls(hook);
    }

    /**
     * On JDK 21+: a thread-per-task executor with a {@code weft-} factory (the ledger leaves the
     * agent's own executors out), one task, closed. Through reflection: this code is compiled for 17.
     */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        if (jdkFeature < 21) {
            return;
        }
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "weft-selftest-per-task");
            t.setDaemon(true);
            return t;
        };
        ExecutorService executor = (ExecutorService) Executors.class
                .getMethod("newThreadPerTaskExecutor", ThreadFactory.class).invoke(null, factory);
        try {
            Future<?> f = executor.submit(() -> { });
            f.get(10, TimeUnit.SECONDS);
        } finally {
            executor.shutdown();
        }
        executor.awaitTermination(10, TimeUnit.SECONDS); // the task's thread has called taskComplete
    }

    /** The constructor, on exit. */
    public static final class ConstructorAdvice {
        private ConstructorAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This ExecutorService executor, @Advice.Argument(0) ThreadFactory factory,
                @Advice.FieldValue("threads") Set<Thread> threads) {
            WeftExecutorBridge.threadPerTaskCreated(executor, factory, threads);
        }
    }

    /** {@code taskComplete(Thread)}, on enter. */
    public static final class TaskCompleteAdvice {
        private TaskCompleteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This ExecutorService executor, @Advice.Argument(0) Thread thread,
                @Advice.FieldValue("threads") Set<Thread> threads) {
            WeftExecutorBridge.threadPerTaskDone(executor, thread, threads);
        }
    }

    /** {@code tryShutdownAndTerminate(boolean)}, on exit. */
    public static final class ShutdownAdvice {
        private ShutdownAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This ExecutorService executor) {
            WeftExecutorBridge.threadPerTaskShutdown(executor);
        }
    }
}
