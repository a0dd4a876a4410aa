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
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.util.concurrent.ForkJoinPool}: discovery, worker names and shutdown (the same
 * signatures on 17 and 25). The common pool is built by a private constructor when the class is
 * initialised, usually before the hooks; the ledger records it when it connects.
 *
 * <ul>
 *   <li>The ten-argument public constructor, on exit: the other public ones delegate to it.</li>
 *   <li>{@code runWorker(WorkQueue)} (package-private final), on enter, on the new worker thread.</li>
 *   <li>{@code shutdown()} / {@code shutdownNow()}, on exit.</li>
 * </ul>
 */
public final class ForkJoinPoolInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "java.util.concurrent.ForkJoinPool";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("ForkJoinPool.<init>(10 args)",
                        isConstructor().and(takesArguments(10)).and(isPublic())
                                .and(takesArgument(1, named("java.util.concurrent.ForkJoinPool$ForkJoinWorkerThreadFactory"))),
                        ConstructorAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_FJP_CONSTRUCTED)),
                new HookPoint("ForkJoinPool.runWorker(WorkQueue)",
                        named("runWorker").and(takesArguments(1))
                                .and(takesArgument(0, named("java.util.concurrent.ForkJoinPool$WorkQueue"))),
                        RunWorkerAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_FJP_RUN_WORKER)),
                new HookPoint("ForkJoinPool.shutdown()",
                        named("shutdown").and(takesArguments(0)).and(isPublic()),
                        ShutdownAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_FJP_SHUTDOWN)),
                new HookPoint("ForkJoinPool.shutdownNow()",
                        named("shutdownNow").and(takesArguments(0)).and(isPublic()),
                        ShutdownNowAdvice.class, 17, () -> calls(WeftExecutorBridge.HOOK_FJP_SHUTDOWN_NOW)));
    }

    private static long calls(int hook) {
        return WeftExecutorBridge.hookCalls(hook);
    }

    /** A one-thread pool whose workers are named {@code weft-} (the ledger leaves it out), one task, shut down. */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
            ForkJoinWorkerThread t = new ForkJoinWorkerThread(pool) { };
            t.setName("weft-selftest-forkjoin");
            t.setDaemon(true);
            return t;
        };
        ForkJoinPool pool = new ForkJoinPool(1, factory, null, false);
        try {
            pool.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
            pool.shutdownNow();
        }
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** The ten-argument constructor, on exit. */
    public static final class ConstructorAdvice {
        private ConstructorAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This ForkJoinPool pool) {
            WeftExecutorBridge.forkJoinConstructed(pool);
        }
    }

    /** {@code runWorker(WorkQueue)}, on enter. */
    public static final class RunWorkerAdvice {
        private RunWorkerAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This ForkJoinPool pool) {
            WeftExecutorBridge.forkJoinWorkerStarting(pool);
        }
    }

    /** {@code shutdown()}, on exit. */
    public static final class ShutdownAdvice {
        private ShutdownAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This ForkJoinPool pool) {
            WeftExecutorBridge.forkJoinShutdown(pool, WeftExecutorBridge.HOOK_FJP_SHUTDOWN);
        }
    }

    /** {@code shutdownNow()}, on exit. */
    public static final class ShutdownNowAdvice {
        private ShutdownNowAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This ForkJoinPool pool) {
            WeftExecutorBridge.forkJoinShutdown(pool, WeftExecutorBridge.HOOK_FJP_SHUTDOWN_NOW);
        }
    }
}
