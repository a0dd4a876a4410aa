package dev.weft.exporter.jfr;

import dev.weft.bridge.WeftBridge;
import dev.weft.instrumentation.ledger.LockLedger;

/** Wires {@code dev.weft.LockContention} JFR events to the lock ledger. */
public final class LockEvents {

    private LockEvents() {
    }

    /**
     * Commits a {@code dev.weft.LockContention} event (with stack) for every contended j.u.c.
     * acquisition that waited at least the ledger's slow threshold, whenever a JFR recording
     * enables it.
     */
    public static void install(LockLedger ledger) {
        // Load, initialise and register the event class here, on the agent's thread, rather than
        // the first time inside a lock's slow path.
        new LockContentionEvent().isEnabled();
        ledger.setSlowAcquisitions((sync, kind, nanos) -> {
            try {
                LockContentionEvent.LISTENER.slow(sync, kind, nanos);
            } catch (Throwable t) {
                WeftBridge.countError();
            }
        });
    }
}
