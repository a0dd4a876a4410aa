package dev.weft.instrumentation.ledger;

import dev.weft.bridge.WeftBridge;
import dev.weft.bridge.WeftVirtualThreadBridge;
import dev.weft.bridge.WeftIoBridge;
import dev.weft.bridge.WeftLockBridge;
import dev.weft.bridge.WeftExecutorBridge;

/**
 * The in-memory record every hook writes into and every exporter and detector reads: one
 * sub-ledger per subject. {@link #connect()} points the bridge at it; {@link #disconnect()} makes
 * the hooks no-ops again.
 */
public final class Ledger {

    private final ThreadLedger threads = new ThreadLedger();
    private final LockLedger locks = new LockLedger();
    private final GcPauseLedger gcPauses = new GcPauseLedger();
    private final VirtualThreadPinning virtualPinning = new VirtualThreadPinning();
    private final ExecutorLedger executors = new ExecutorLedger();
    private final Findings findings = new Findings();
    private final IoLedger io = new IoLedger();

    /** Live platform threads and lifecycle counters. */
    public ThreadLedger threads() {
        return threads;
    }

    /** Lock contention by kind. */
    public LockLedger locks() {
        return locks;
    }

    /** Stop-the-world GC pauses (fed from JFR by the exporter). */
    public GcPauseLedger gcPauses() {
        return gcPauses;
    }

    /** Virtual-thread pinning and submit failures (JDK 21+, from JFR). */
    public VirtualThreadPinning virtualPinning() {
        return virtualPinning;
    }

    /** Live thread pools and their exported series. */
    public ExecutorLedger executors() {
        return executors;
    }

    /** Blocking socket and file I/O. */
    public IoLedger io() {
        return io;
    }

    /** Current and recently cleared findings of the detectors. */
    public Findings findings() {
        return findings;
    }

    /** Routes the bridge's hooks into this ledger. */
    public void connect() {
        WeftBridge.setThreadHooks(threads);
        WeftVirtualThreadBridge.setHooks(threads.virtual());
        WeftLockBridge.setLockHooks(locks);
        WeftExecutorBridge.setHooks(executors);
        IoLedger.warmUp();
        WeftIoBridge.setIoHooks(io);
        executors.seedCommonPool();
    }

    /** Detaches the bridge from this ledger (the hooks stay installed but record nothing). */
    public void disconnect() {
        WeftBridge.setThreadHooks(null);
        WeftVirtualThreadBridge.setHooks(null);
        WeftLockBridge.setLockHooks(null);
        WeftExecutorBridge.setHooks(null);
        WeftIoBridge.setIoHooks(null);
    }
}
