package dev.weft.instrumentation.executor;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftExecutorBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.util.concurrent.ThreadPoolExecutor$Worker}: the start and end of every task, whatever
 * the pool's subclass does. {@code runWorker} locks the worker right before {@code beforeExecute}
 * and unlocks it right after {@code afterExecute}; both are overridable (and often overridden
 * without {@code super}), the worker's lock is not: it is a private final class.
 *
 * <ul>
 *   <li>{@code Worker(Runnable)}, on exit, on the submitting thread: the worker and its first task
 *       (which never passes through the queue).</li>
 *   <li>{@code lock()}, on exit (the lock is held: no other thread holds it), on the worker's
 *       thread — only {@code runWorker} calls it: a task starts. Only the worker's first lock calls
 *       the bridge: the first task, handed to the worker at creation, never passes through
 *       {@code getTask}, whose exit starts every other task.</li>
 *   <li>{@code unlock()}, on enter (the lock is still held): called by {@code runWorker} once before
 *       the first task and after every task, and by other threads that {@code tryLock}ed an idle
 *       worker to interrupt it; only the worker's own thread (its {@code thread} field) with a task
 *       started counts.</li>
 * </ul>
 * The canary is {@link ThreadPoolExecutorInstrumentation}'s.
 */
public final class WorkerInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "java.util.concurrent.ThreadPoolExecutor$Worker";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                // An inner class: the compiled constructor takes the outer pool first.
                new HookPoint("ThreadPoolExecutor$Worker.<init>(Runnable)",
                        isConstructor().and(takesArguments(2))
                                .and(takesArgument(0, named("java.util.concurrent.ThreadPoolExecutor")))
                                .and(takesArgument(1, named("java.lang.Runnable"))),
                        ConstructorAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_WORKER_CREATED)),
                new HookPoint("ThreadPoolExecutor$Worker.lock()",
                        named("lock").and(takesArguments(0)).and(isPublic()),
                        LockAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_WORKER_LOCK)),
                new HookPoint("ThreadPoolExecutor$Worker.unlock()",
                        named("unlock").and(takesArguments(0)).and(isPublic()),
                        UnlockAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_WORKER_UNLOCK)));
    }

    private static long calls(int hook) {
        return WeftExecutorBridge.hookCalls(hook);
    }

    /** Nothing: the {@code ThreadPoolExecutor} canary runs a task, which passes every hook here. */
    @Override
    public void exercise(int jdkFeature) {
    }

    /** {@code Worker(Runnable)}, on exit. */
    public static final class ConstructorAdvice {
        private ConstructorAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object worker, @Advice.Argument(0) ThreadPoolExecutor executor,
                @Advice.Argument(1) Runnable firstTask) {
            WeftExecutorBridge.workerCreated(executor, worker, firstTask);
        }
    }

    /**
     * {@code lock()}, on exit, before the worker's first task only ({@code completedTasks} is 0; it is
     * counted before the {@code unlock()} that ends each task). Every later task starts when
     * {@code getTask} returns it, so this hook costs one read of a field of the worker per task.
     */
    public static final class LockAdvice {
        private LockAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object worker, @Advice.FieldValue("this$0") ThreadPoolExecutor executor,
                @Advice.FieldValue("completedTasks") long completedTasks) {
            if (completedTasks == 0) {
                WeftExecutorBridge.taskStarting(executor, worker);
            }
        }
    }

    /** {@code unlock()}, on enter; with the worker's own thread, to tell it from other threads' unlocks. */
    public static final class UnlockAdvice {
        private UnlockAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object worker, @Advice.FieldValue("thread") Thread thread) {
            WeftExecutorBridge.taskEnding(worker, thread);
        }
    }
}
