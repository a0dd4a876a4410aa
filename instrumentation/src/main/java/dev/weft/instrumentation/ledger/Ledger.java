package dev.weft.instrumentation.ledger;

import dev.weft.bridge.WeftBridge;

/**
 * The in-memory record every hook writes into and every exporter and detector reads: one
 * sub-ledger per subject. {@link #connect()} points the bridge at it; {@link #disconnect()} makes
 * the hooks no-ops again.
 */
public final class Ledger {

    private final ThreadLedger threads = new ThreadLedger();
    private final Findings findings = new Findings();

    /** Live platform threads and lifecycle counters. */
    public ThreadLedger threads() {
        return threads;
    }

    /** Current and recently cleared findings of the detectors. */
    public Findings findings() {
        return findings;
    }

    /** Routes the bridge's hooks into this ledger. */
    public void connect() {
        WeftBridge.setThreadHooks(threads);
    }

    /** Detaches the bridge from this ledger (the hooks stay installed but record nothing). */
    public void disconnect() {
        WeftBridge.setThreadHooks(null);
    }
}
