package dev.weft.instrumentation.lock;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftLockBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;
import net.bytebuddy.asm.Advice;

/**
 * {@code StampedLock} contention. It is not built on AQS: {@code writeLock()}/{@code readLock()}
 * try one CAS and only then call the private slow paths {@code acquireWrite(boolean,boolean,long)}
 * and {@code acquireRead(boolean,boolean,long)} (same on JDK 17 and 25), which are advised here.
 * Optimistic reads ({@code tryOptimisticRead}) never wait and never get here.
 */
public final class StampedLockInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "java.util.concurrent.locks.StampedLock";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("StampedLock.acquireWrite(boolean,boolean,long)",
                        named("acquireWrite").and(takesArguments(boolean.class, boolean.class, long.class)).and(isPrivate()),
                        WriteAdvice.class, 17, () -> WeftLockBridge.hookCalls(WeftLockBridge.HOOK_STAMPED_WRITE)),
                new HookPoint("StampedLock.acquireRead(boolean,boolean,long)",
                        named("acquireRead").and(takesArguments(boolean.class, boolean.class, long.class)).and(isPrivate()),
                        ReadAdvice.class, 17, () -> WeftLockBridge.hookCalls(WeftLockBridge.HOOK_STAMPED_READ)));
    }

    /**
     * This thread holds the write lock of a canary lock and tries, for one nanosecond each, to take
     * it again for writing and for reading (a {@code StampedLock} is not reentrant): both slow paths
     * run once and time out, with no other thread. The canary's class is ignored by the ledger.
     */
    @Override
    public void exercise(int jdkFeature) throws Exception {
        StampedLock lock = new CanaryStampedLock();
        long stamp = lock.writeLock();
        try {
            lock.tryWriteLock(1, TimeUnit.NANOSECONDS);
            lock.tryReadLock(1, TimeUnit.NANOSECONDS);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** The self-test's lock. */
    static final class CanaryStampedLock extends StampedLock {
        private static final long serialVersionUID = 1L;
    }

    /** {@code acquireWrite}. */
    public static final class WriteAdvice {
        private WriteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftLockBridge.acquireEnter(WeftLockBridge.HOOK_STAMPED_WRITE);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object lock, @Advice.Enter long start) {
            WeftLockBridge.stampedExit(lock, start);
        }
    }

    /** {@code acquireRead}. */
    public static final class ReadAdvice {
        private ReadAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return WeftLockBridge.acquireEnter(WeftLockBridge.HOOK_STAMPED_READ);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object lock, @Advice.Enter long start) {
            WeftLockBridge.stampedExit(lock, start);
        }
    }
}
