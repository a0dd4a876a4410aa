package dev.weft.agent.monitor;

import dev.weft.instrumentation.ledger.Findings;
import java.util.List;

/**
 * One detector of the monitor: reads the ledger (or the JVM) and says what it sees now. Runs only on
 * the monitor thread, so implementations keep their state in plain fields.
 */
interface Detector {

    /** The finding kind, e.g. {@code deadlock} (the {@code kind} label). */
    String kind();

    /** How often it runs, in milliseconds (it runs on the first monitor tick at or after that). */
    long intervalMillis();

    /**
     * What is wrong right now: the complete set of this kind's findings (an empty list clears them all).
     *
     * @param nowMillis the tick's wall-clock time
     */
    List<Findings.Observation> observe(long nowMillis);
}
