package dev.weft.exporter.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * {@code dev.weft.ExecutorTask}: one task of a {@code ThreadPoolExecutor} (or subclass), on its worker
 * thread; the event's duration is the task's run time (from the worker's lock to its unlock, around
 * {@code beforeExecute} and {@code afterExecute}) and {@link #queueWait} how long it waited before.
 *
 * <p>Disabled by default: it costs an event object per task while enabled. With a threshold only slow
 * tasks are written (10 ms unless the recording's settings say otherwise); while disabled the
 * per-task path reads one volatile field and allocates nothing.
 */
@Name(ExecutorTaskEvent.NAME)
@Label("Executor Task")
@Description("One task run by a thread pool worker: its run time (the event's duration) and its queue wait")
@Category({"Weft", "Executors"})
@Enabled(false)
@Threshold("10 ms")
@StackTrace(false)
final class ExecutorTaskEvent extends Event {

    /** The event name. */
    static final String NAME = "dev.weft.ExecutorTask";

    @Label("Executor")
    @Description("The pool's name as exported")
    String executor;

    @Label("Type")
    @Description("thread_pool or scheduled")
    String type;

    @Label("Queue Wait")
    @Description("From submission (for scheduled tasks: from when due) to the start; -1 ns when unknown")
    @Timespan(Timespan.NANOSECONDS)
    long queueWait;
}
