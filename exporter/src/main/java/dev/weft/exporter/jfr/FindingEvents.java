package dev.weft.exporter.jfr;

import dev.weft.instrumentation.ledger.Finding;

/** Writes {@link FindingEvent}s; a no-op when JFR is off or the event is disabled. */
public final class FindingEvents {

    private FindingEvents() {
    }

    /**
     * Emits one event for a finding.
     *
     * @param raised {@code true} when the finding is raised, {@code false} when it clears
     */
    public static void emit(Finding f, boolean raised) {
        FindingEvent e = new FindingEvent();
        if (!e.isEnabled()) {
            return;
        }
        e.kind = f.kind();
        e.state = raised ? "raised" : "cleared";
        e.key = f.key();
        e.summary = f.summary();
        e.location = f.location();
        e.details = String.join("\n", f.details());
        if (e.shouldCommit()) {
            e.commit();
        }
    }
}
