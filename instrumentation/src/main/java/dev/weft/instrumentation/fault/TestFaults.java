package dev.weft.instrumentation.fault;

import dev.weft.bridge.WeftBridge;
import dev.weft.bridge.WeftExecutorBridge;
import dev.weft.bridge.WeftIoBridge;
import dev.weft.bridge.WeftVirtualThreadBridge;
import dev.weft.bridge.WeftLockBridge;

/**
 * The test-only fault switch, system property {@value #PROPERTY}{@code =true}: it proves that a failure
 * inside any hook never reaches the application and is counted in {@code weft_internal_errors_total}.
 * It is not a configuration key (not in {@code Keys}, not documented as one): the child-JVM test
 * {@code StressIT} sets it. When on,
 * <ol>
 *   <li>{@link #connectThrowingHooks()} replaces the ledger's hook receivers with {@link ThrowingHooks},
 *       whose every method throws, so every bridge entry point takes its catch-and-count path;</li>
 *   <li>the installer adds {@link ThrowingAdvice} to every hook point, next to the real advice, so that
 *       Byte Buddy's suppression handler ({@code WeftBridge.adviceFailed}) runs on every hooked call.</li>
 * </ol>
 * The property is read once, when the hooks are installed; when it is off nothing of this is installed
 * and nothing costs anything.
 */
public final class TestFaults {

    /** The system property that turns the faults on. */
    public static final String PROPERTY = "weft.test.faults";

    private TestFaults() {
    }

    /** Whether the faults were asked for; read once, by the agent, before installing the hooks. */
    public static boolean requested() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY));
    }

    /** Points every bridge at receivers that throw on every call (after {@code Ledger.connect()}). */
    public static void connectThrowingHooks() {
        ThrowingHooks hooks = new ThrowingHooks();
        WeftBridge.setThreadHooks(hooks);
        WeftLockBridge.setLockHooks(hooks);
        WeftExecutorBridge.setHooks(hooks);
        WeftIoBridge.setIoHooks(hooks);
        WeftVirtualThreadBridge.setHooks(hooks);
    }
}
