package dev.weft.instrumentation.ledger;

/**
 * One pool worker ({@code ThreadPoolExecutor$Worker}), held weakly: when its current task started,
 * and its own timing counters.
 *
 * <p>The task fields (in {@link WorkerTaskFields}) are written only by the worker's own thread, from
 * {@code getTask} to {@code Worker.unlock()} (task end); other threads that briefly hold the worker's
 * lock ({@code interruptIdleWorkers}) do nothing. The monitor reads {@link #start} and {@link #thread()}
 * racily (plain fields: a read may be one task behind, which a detector with a threshold of seconds
 * does not notice; a volatile write per task would cost a fence).
 *
 * <p>Layout: a pool's workers are usually built one after the other on one thread, so their records
 * sit next to each other in memory, and each worker writes its task fields several times per task.
 * Padding on both sides of those fields ({@link WorkerPadding}, and the longs here) keeps every
 * worker's task fields on cache lines of their own, so that workers on different cores do not
 * invalidate each other's lines at every task (false sharing).
 */
final class WorkerRecord extends WorkerTaskFields {

    // Padding after the task fields: HotSpot lays out a subclass's fields after its superclasses' (longs
    // first), so these 64 bytes separate the task fields from the fields below and from the next object.
    @SuppressWarnings("unused")
    private long q0, q1, q2, q3, q4, q5, q6, q7;

    final ExecutorRecord pool;
    /** The task the worker was created with, until its queue wait is recorded; then null. */
    Runnable firstTask;

    WorkerRecord(Object worker, ExecutorRecord pool, Runnable firstTask) {
        super(worker);
        this.pool = pool;
        this.firstTask = firstTask;
    }
}

/** 64 bytes of padding before {@link WorkerTaskFields}: see {@link WorkerRecord}. */
abstract class WorkerPadding extends WeakIdentityTable.Entry {
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7;

    WorkerPadding(Object worker) {
        super(worker);
    }
}

/** The fields a worker's thread reads and writes at every task: see {@link WorkerRecord}. */
abstract class WorkerTaskFields extends WorkerPadding {
    /**
     * The worker's thread, set at its first task — held weakly, through its {@link ThreadSlot} (itself a weak
     * reference to the thread): the slot is this record's entry in the by-thread table, so a strong
     * reference here would keep every worker thread that ever ran, and through it its context class loader
     * and the classes of its factory, alive for the life of the process.
     */
    ThreadSlot slot;
    /** {@code System.nanoTime()} at the start of the running task, or 0 between tasks. */
    long start;
    /** This worker's counters in {@link #cellOwner}, claimed on its first task. */
    TaskTimings.Cell cell;
    TaskTimings cellOwner;
    /** The running task's queue wait, or -1 when unknown (for the task event). */
    long taskWait = -1;
    /** The running task's JFR event token while task events are enabled, else null. */
    Object event;

    WorkerTaskFields(Object worker) {
        super(worker);
    }

    /** The worker's thread, or null before its first task or once the thread is gone. */
    Thread thread() {
        ThreadSlot s = slot;
        return s == null ? null : (Thread) s.get();
    }
}
