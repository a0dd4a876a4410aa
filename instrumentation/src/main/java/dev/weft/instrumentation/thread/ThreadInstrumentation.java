package dev.weft.instrumentation.thread;

import static net.bytebuddy.matcher.ElementMatchers.isPackagePrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;

/**
 * Platform thread lifecycle: {@code java.lang.Thread}.
 *
 * <ul>
 *   <li>{@code start()} — runs on the creating thread (its stack is the creation site). Virtual
 *       threads override it, so only platform threads come through here.</li>
 *   <li>{@code start(ThreadContainer)} — JDK 21+; executors start their workers through it
 *       ({@code ThreadPoolExecutor.addWorker → container.start(t)}), not through {@code start()}.</li>
 *   <li>{@code exit()} — called by the VM on the dying thread; not called for virtual threads.</li>
 * </ul>
 *
 * The thread is announced on entry to {@code start*} (before {@code start0}), so the ledger always
 * sees the start before the exit; if {@code start0} throws (out of native threads), the exit
 * advice retracts it.
 */
public final class ThreadInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "java.lang.Thread";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("Thread.start()",
                        named("start").and(takesArguments(0)).and(isPublic()),
                        StartAdvice.class, 17, () -> WeftBridge.hookCalls(WeftBridge.HOOK_THREAD_START)),
                new HookPoint("Thread.start(ThreadContainer)",
                        named("start").and(takesArguments(1)).and(isPackagePrivate())
                                .and(takesArgument(0, named("jdk.internal.vm.ThreadContainer"))),
                        StartInContainerAdvice.class, 21,
                        () -> WeftBridge.hookCalls(WeftBridge.HOOK_THREAD_START_CONTAINER)),
                new HookPoint("Thread.exit()",
                        named("exit").and(takesArguments(0)).and(isPrivate()),
                        ExitAdvice.class, 17, () -> WeftBridge.hookCalls(WeftBridge.HOOK_THREAD_EXIT)));
    }

    /**
     * A plain thread (start, exit) and, on JDK 21+, a one-thread pool, because executors start
     * their workers through {@code Thread.start(ThreadContainer)}.
     */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        Runnable noop = () -> { };
        Thread canary = new Thread(noop, "weft-selftest");
        canary.setDaemon(true);
        canary.start();
        canary.join(TimeUnit.SECONDS.toMillis(10));
        if (jdkFeature >= 21) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "weft-selftest-pool");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                pool.execute(noop);
            } finally {
                pool.shutdown();
            }
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** {@code Thread.start()}. */
    public static final class StartAdvice {
        private StartAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static boolean enter(@Advice.This Thread thread) {
            return WeftBridge.threadStarting(thread, WeftBridge.HOOK_THREAD_START);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Thread thread, @Advice.Enter boolean announced,
                @Advice.Thrown Throwable thrown) {
            WeftBridge.threadStartReturned(thread, announced, thrown);
        }
    }

    /** {@code Thread.start(ThreadContainer)}, JDK 21+. */
    public static final class StartInContainerAdvice {
        private StartInContainerAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static boolean enter(@Advice.This Thread thread) {
            return WeftBridge.threadStarting(thread, WeftBridge.HOOK_THREAD_START_CONTAINER);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Thread thread, @Advice.Enter boolean announced,
                @Advice.Thrown Throwable thrown) {
            WeftBridge.threadStartReturned(thread, announced, thrown);
        }
    }

    /** {@code Thread.exit()}: the dying thread's last Java code. */
    public static final class ExitAdvice {
        private ExitAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Thread thread) {
            WeftBridge.threadExiting(thread);
        }
    }
}
