package dev.weft.instrumentation.ledger;

/**
 * A pool worker's thread, held weakly, and its {@link WorkerRecord}: how the per-task hooks that run
 * on the worker's thread ({@code getTask}, {@code Worker.lock/unlock}) find the worker with one
 * identity lookup of the current thread.
 */
final class ThreadSlot extends WeakIdentityTable.Entry {

    final WorkerRecord worker;

    ThreadSlot(Thread thread, WorkerRecord worker) {
        super(thread);
        this.worker = worker;
    }
}
