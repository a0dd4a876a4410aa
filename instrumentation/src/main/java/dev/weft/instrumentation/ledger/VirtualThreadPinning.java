package dev.weft.instrumentation.ledger;

import java.util.concurrent.atomic.LongAdder;

/**
 * Virtual threads pinned to their carrier, and virtual threads the scheduler could not start or
 * continue (JDK 21+). Fed by the {@code weft-jfr} stream from {@code jdk.VirtualThreadPinned} and
 * {@code jdk.VirtualThreadSubmitFailed}, read at scrape time and by the monitor. Before JDK 21 both
 * stay at zero: there are no virtual threads.
 */
public final class VirtualThreadPinning {

    private final DurationRecorder pinned = new DurationRecorder();
    private final LongAdder submitFailed = new LongAdder();

    /** Records one pinning: how long a virtual thread blocked while pinned to its carrier. */
    public void recordPinned(long nanos) {
        pinned.record(nanos);
    }

    /** Counts one failed submit (start or continuation) of a virtual thread. */
    public void countSubmitFailed() {
        submitFailed.increment();
    }

    /** Pinned durations since start. */
    public DurationRecorder pinned() {
        return pinned;
    }

    /** Failed submits since start. */
    public long submitFailed() {
        return submitFailed.sum();
    }
}
