package dev.weft.instrumentation.fault;

import net.bytebuddy.asm.Advice;

/**
 * Advice that throws on enter and on exit (see {@link TestFaults}), added to every hook point when the
 * fault switch is on. Inlined like the real advice, with the same {@code suppress = Throwable.class},
 * so each throw goes to Byte Buddy's suppression handler, {@code WeftBridge.adviceFailed}. Only JDK
 * types, since it is inlined into JDK classes.
 */
public final class ThrowingAdvice {

    private ThrowingAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        throw new IllegalStateException("weft.test.faults: forced failure in advice on enter");
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit() {
        throw new IllegalStateException("weft.test.faults: forced failure in advice on exit");
    }
}
