package dev.weft.exporter.jfr;

import dev.weft.instrumentation.ledger.LockLedger;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code dev.weft.LockContention}: one contended {@code java.util.concurrent} lock acquisition that
 * waited at least {@code lock.event.threshold}, with the acquiring thread's stack — what JFR's own
 * lock views (built on {@code jdk.JavaMonitorEnter}, {@code synchronized} only) cannot show.
 *
 * <p>The event is committed when the acquisition returns, on the acquiring thread; its own JFR
 * duration is therefore about zero, and {@link #waited} holds the wait. The top frames of the stack
 * are Weft's and the lock's slow path ({@code LockContentionEvent.commit} …
 * {@code AbstractQueuedSynchronizer.acquire}); the first frame below {@code java.util.concurrent}
 * is the line that waited.
 */
@Name(LockContentionEvent.NAME)
@Label("Lock Contention (j.u.c.)")
@Description("A contended java.util.concurrent lock acquisition (ReentrantLock, ReentrantReadWriteLock,"
        + " StampedLock, other AQS) that waited at least Weft's lock.event.threshold")
@Category({"Weft", "Locks"})
@StackTrace(true)
final class LockContentionEvent extends Event {

    /** The event name. */
    static final String NAME = "dev.weft.LockContention";

    @Label("Lock Class")
    @Description("Class of the synchronizer, e.g. java.util.concurrent.locks.ReentrantLock$NonfairSync")
    Class<?> lockClass;

    @Label("Kind")
    @Description("reentrant_lock, read_write_lock, stamped_lock or other (the kind label of jvm_lock_contention_seconds)")
    String kind;

    @Label("Waited")
    @Description("Time spent in the lock's slow path")
    @Timespan(Timespan.NANOSECONDS)
    long waited;

    /** The ledger's listener: commits one event per slow acquisition while a recording enables it. */
    static final LockLedger.SlowAcquisitions LISTENER = (synchronizer, kind, nanos) -> {
        LockContentionEvent e = new LockContentionEvent();
        if (e.shouldCommit()) {
            e.lockClass = synchronizer.getClass();
            e.kind = kind;
            e.waited = nanos;
            e.commit();
        }
    };
}
