package dev.weft.instrumentation.thread;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.weft.bridge.WeftVirtualThreadBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Virtual thread lifecycle, JDK 21+: {@code java.lang.VirtualThread}.
 *
 * <ul>
 *   <li>{@code start(ThreadContainer)} — every virtual thread start goes through it
 *       ({@code start()} delegates to it); runs on the starting thread.</li>
 *   <li>{@code afterDone(boolean)} — the virtual thread terminated, or its start failed.</li>
 * </ul>
 *
 * Never the mount/unmount/yield machinery. The advice is one lock-free counter increment (and, on start,
 * a sampled creation-site capture on the starting thread).
 */
public final class VirtualThreadInstrumentation implements TypeInstrumentation {

    @Override
    public String typeName() {
        return "java.lang.VirtualThread";
    }

    @Override
    public List<HookPoint> hookPoints() {
        return List.of(
                new HookPoint("VirtualThread.start(ThreadContainer)",
                        named("start").and(takesArguments(1))
                                .and(takesArgument(0, named("jdk.internal.vm.ThreadContainer"))),
                        StartAdvice.class, 21, WeftVirtualThreadBridge::startedTotal),
                new HookPoint("VirtualThread.afterDone(boolean)",
                        named("afterDone").and(takesArguments(1)).and(takesArgument(0, boolean.class)),
                        AfterDoneAdvice.class, 21, WeftVirtualThreadBridge::doneTotal));
    }

    /** Starts and joins one virtual thread (through reflection: this code is compiled for JDK 17). */
    @Override
    public void exercise(int jdkFeature) {
        // Deliberately nothing: the first virtual thread creates the JDK's virtual-thread scheduler
        // (a ForkJoinPool with its carrier threads) and the unblocker thread. A canary would add
        // those to an application that never uses virtual threads. See exercisedBySelfTest().
    }

    @Override
    public boolean exercisedBySelfTest() {
        return false;
    }

    /** {@code VirtualThread.start(ThreadContainer)}. */
    public static final class StartAdvice {
        private StartAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Thread thread) {
            WeftVirtualThreadBridge.started(thread);
        }
    }

    /** {@code VirtualThread.afterDone(boolean)}. */
    public static final class AfterDoneAdvice {
        private AfterDoneAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            WeftVirtualThreadBridge.done();
        }
    }
}
