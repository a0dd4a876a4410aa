package dev.weft.exporter.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One finding of Weft's detectors, raised or cleared: what, where ({@code File.java:line}) and the
 * evidence (stacks, owners, counts) as text. Written by the monitor thread, whose own stack would say
 * nothing, so the event carries the relevant stacks in {@link #details} instead of a JFR stack trace.
 */
@Name(FindingEvent.NAME)
@Label("Weft Finding")
@Description("A problem found by Weft's detectors (deadlock, thread leak, thread count), when it is raised and when"
        + " it clears")
@Category({"Weft", "Threads"})
@StackTrace(false)
public final class FindingEvent extends Event {

    /** The event name. */
    public static final String NAME = "dev.weft.Finding";

    @Label("Kind")
    @Description("deadlock, leak or thread_count")
    String kind;

    @Label("State")
    @Description("raised or cleared")
    String state;

    @Label("Key")
    @Description("Identifies the finding within its kind (thread ids of a deadlock cycle, a creation site)")
    String key;

    @Label("Summary")
    @Description("One line: what is wrong, where and how much")
    String summary;

    @Label("Location")
    @Description("The File.java:line to open")
    String location;

    @Label("Details")
    @Description("Evidence, one item per line: stacks, lock owners, counts")
    String details;
}
