package dev.weft.instrumentation.lock;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftLockBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.util.concurrent} lock contention: the slow path
 * {@code AbstractQueuedSynchronizer.acquire(Node,int,boolean,boolean,boolean,long)}.
 *
 * <p>It is reached only after the fast {@code tryAcquire} failed ({@code lock()},
 * {@code lockInterruptibly()}, {@code tryLock(timeout)}, the shared variants) and from a condition's
 * re-acquisition; an uncontended {@code lock()}/{@code unlock()} never gets here. The public
 * {@code acquire(int)} is deliberately not advised: {@code ThreadPoolExecutor.Worker.lock()} calls
 * it for every task. The wait is timed from entry to exit (normal return, timeout or interrupt);
 * what it was — contention or an intentional wait — is decided in the ledger from the
 * synchronizer's class.
 */
public final class AqsInstrumentation implements TypeInstrumentation {

    static final String AQS = "java.util.concurrent.locks.AbstractQueuedSynchronizer";

    @Override
    public String typeName() {
        return AQS;
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(new HookPoint("AbstractQueuedSynchronizer.acquire(Node,int,boolean,boolean,boolean,long)",
                named("acquire").and(takesArguments(6))
                        .and(takesArgument(0, named(AQS + "$Node")))
                        .and(takesArgument(1, int.class)),
                AcquireAdvice.class, 17, () -> WeftLockBridge.hookCalls(WeftLockBridge.HOOK_AQS_ACQUIRE)));
    }

    /**
     * A latch that is never counted down, awaited for one nanosecond: the fast path fails and the
     * timed slow path runs once, on this thread, without any other thread. The ledger classifies a
     * latch as an intentional wait, so the canary adds nothing to the contention metrics.
     */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        new CountDownLatch(1).await(1, TimeUnit.NANOSECONDS);
    }

    /** The AQS slow path. */
    public static final class AcquireAdvice {
        private AcquireAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftLockBridge.acquireEnter(WeftLockBridge.HOOK_AQS_ACQUIRE);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object sync, @Advice.Argument(0) Object node, @Advice.Enter long start) {
            WeftLockBridge.acquireExit(sync, node, start);
        }
    }
}
