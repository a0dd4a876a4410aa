package dev.weft.instrumentation.ledger;

/**
 * One pool worker ({@code ThreadPoolExecutor$Worker}), held weakly: when its current task started,
 * and its own timing counters.
 *
 * <p>The task fields are written only by the worker's own thread, from {@code getTask} to
 * {@code Worker.unlock()} (task end); other threads that briefly hold the worker's lock
 * ({@code interruptIdleWorkers}) do nothing. The monitor reads {@link #start} and {@link #thread()}
 * racily (plain fields: a read may be one task behind, which a detector with a threshold of seconds
 * does not notice; a volatile write per task would cost a fence).
 */
final class WorkerRecord extends WeakIdentityTable.Entry {

    final ExecutorRecord pool;
    /** The task the worker was created with, until its queue wait is recorded; then null. */
    Runnable firstTask;
    /**
     * The worker's thread, set at its first task — held weakly, through its {@link ThreadSlot} (itself a weak
     * reference to the thread): the slot is this record's entry in the by-thread table, so a strong
     * reference here would keep every worker thread that ever ran, and through it its context class loader
     * and the classes of its factory, alive for the life of the process.
     */
    ThreadSlot slot;
    /** {@code System.nanoTime()} at the start of the running task, or 0 between tasks. */
    long start;
    /** {@code System.nanoTime()} when {@code getTask} returned the next task, or 0: that task's start. */
    long dequeuedAt;
    /** This worker's counters in {@link #cellOwner}, claimed on its first task. */
    TaskTimings.Cell cell;
    TaskTimings cellOwner;
    /** The running task's queue wait, or -1 when unknown (for the task event). */
    long taskWait = -1;
    /** The running task's JFR event token while task events are enabled, else null. */
    Object event;

    /** The worker's thread, or null before its first task or once the thread is gone. */
    Thread thread() {
        ThreadSlot s = slot;
        return s == null ? null : (Thread) s.get();
    }

    WorkerRecord(Object worker, ExecutorRecord pool, Runnable firstTask) {
        super(worker);
        this.pool = pool;
        this.firstTask = firstTask;
    }
}
