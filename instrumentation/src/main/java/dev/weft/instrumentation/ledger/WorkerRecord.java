package dev.weft.instrumentation.ledger;

/**
 * One pool worker ({@code ThreadPoolExecutor$Worker}), held weakly: when its current task started.
 *
 * <p>Written only by the worker's own thread, between {@code Worker.lock()} (task start) and
 * {@code Worker.unlock()} (task end); other threads that briefly hold the worker's lock
 * ({@code interruptIdleWorkers}) find {@link #start} at zero and do nothing.
 */
final class WorkerRecord extends WeakIdentityTable.Entry {

    final ExecutorRecord pool;
    /** The task the worker was created with, until its queue wait is recorded; then null. */
    Runnable firstTask;
    /** The worker's thread, set at its first task. */
    Thread thread;
    /** {@code System.nanoTime()} at the start of the running task, or 0 between tasks. */
    long start;

    WorkerRecord(Object worker, ExecutorRecord pool, Runnable firstTask) {
        super(worker);
        this.pool = pool;
        this.firstTask = firstTask;
    }
}
