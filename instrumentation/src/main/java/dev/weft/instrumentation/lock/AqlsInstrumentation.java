package dev.weft.instrumentation.lock;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftLockBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.util.List;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;
import net.bytebuddy.asm.Advice;

/**
 * The same slow path in {@code AbstractQueuedLongSynchronizer}:
 * {@code acquire(Node,long,boolean,boolean,boolean,long)}. The JDK itself has no subclass of it;
 * libraries and applications do.
 */
public final class AqlsInstrumentation implements TypeInstrumentation {

    static final String AQLS = "java.util.concurrent.locks.AbstractQueuedLongSynchronizer";

    @Override
    public String typeName() {
        return AQLS;
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(new HookPoint("AbstractQueuedLongSynchronizer.acquire(Node,long,boolean,boolean,boolean,long)",
                named("acquire").and(takesArguments(6))
                        .and(takesArgument(0, named(AQLS + "$Node")))
                        .and(takesArgument(1, long.class)),
                AcquireAdvice.class, 17, () -> WeftLockBridge.hookCalls(WeftLockBridge.HOOK_AQLS_ACQUIRE)));
    }

    /**
     * A synchronizer whose {@code tryAcquire} always fails, acquired with a one-nanosecond timeout:
     * the slow path runs once on this thread. Weft's own synchronizers are ignored by the ledger.
     */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        new NeverAcquired().tryAcquireNanos(1, 1);
    }

    /** The canary's synchronizer. */
    static final class NeverAcquired extends AbstractQueuedLongSynchronizer {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean tryAcquire(long arg) {
            return false;
        }
    }

    /** The AQLS slow path. */
    public static final class AcquireAdvice {
        private AcquireAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftLockBridge.acquireEnter(WeftLockBridge.HOOK_AQLS_ACQUIRE);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object sync, @Advice.Argument(0) Object node, @Advice.Enter long start) {
            WeftLockBridge.acquireExit(sync, node, start);
        }
    }
}
