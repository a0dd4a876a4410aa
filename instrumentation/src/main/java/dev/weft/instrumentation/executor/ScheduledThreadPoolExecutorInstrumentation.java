package dev.weft.instrumentation.executor;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftExecutorBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.util.concurrent.ScheduledThreadPoolExecutor}: it overrides {@code execute} (→
 * {@code schedule} → {@code delayedExecute}), so its tasks never pass through
 * {@code ThreadPoolExecutor.execute}. {@code delayedExecute(RunnableScheduledFuture)} (private, the
 * same on 17 and 25) is where a scheduled pool built before the hooks is first seen. Its
 * construction, workers, rejections and shutdown go through the {@code ThreadPoolExecutor} hooks.
 */
public final class ScheduledThreadPoolExecutorInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "java.util.concurrent.ScheduledThreadPoolExecutor";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(new HookPoint("ScheduledThreadPoolExecutor.delayedExecute(RunnableScheduledFuture)",
                named("delayedExecute").and(takesArguments(1)).and(isPrivate())
                        .and(takesArgument(0, named("java.util.concurrent.RunnableScheduledFuture"))),
                DelayedExecuteAdvice.class, 17,
                () -> WeftExecutorBridge.hookCalls(WeftExecutorBridge.HOOK_DELAYED_EXECUTE)));
    }

    /** Schedules one task on a {@code weft-} pool and waits for it (the ledger ignores the agent's pools). */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "weft-selftest-scheduled");
            t.setDaemon(true);
            return t;
        });
        try {
            pool.schedule(() -> { }, 0, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** {@code delayedExecute(RunnableScheduledFuture)}, on enter. */
    public static final class DelayedExecuteAdvice {
        private DelayedExecuteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This ThreadPoolExecutor executor, @Advice.Argument(0) Runnable task) {
            WeftExecutorBridge.used(executor, task, WeftExecutorBridge.HOOK_DELAYED_EXECUTE);
        }
    }
}
