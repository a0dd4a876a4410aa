package dev.weft.instrumentation.fault;

import dev.weft.bridge.WeftBridge;
import dev.weft.bridge.WeftExecutorBridge;
import dev.weft.bridge.WeftIoBridge;
import dev.weft.bridge.WeftLockBridge;
import dev.weft.bridge.WeftVirtualThreadBridge;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Hook receivers whose every method throws (see {@link TestFaults}): a fresh exception each time, with
 * its stack, as a real bug in the ledger would throw.
 */
final class ThrowingHooks implements WeftBridge.ThreadHooks, WeftLockBridge.LockHooks, WeftExecutorBridge.ExecutorHooks,
        WeftIoBridge.IoHooks, WeftVirtualThreadBridge.Hooks {

    private static RuntimeException fault(String hook) {
        return new IllegalStateException(TestFaults.PROPERTY + ": forced failure in the " + hook + " receiver");
    }

    @Override
    public void starting(Thread thread, int hook) {
        throw fault("thread starting");
    }

    @Override
    public void startFailed(Thread thread) {
        throw fault("thread start failed");
    }

    @Override
    public void exiting(Thread thread) {
        throw fault("thread exiting");
    }

    @Override
    public void acquired(Object synchronizer, boolean reacquire, long nanos) {
        throw fault("lock acquired");
    }

    @Override
    public void stampedAcquired(Object lock, long nanos) {
        throw fault("stamped lock acquired");
    }

    @Override
    public void constructed(ThreadPoolExecutor executor) {
        throw fault("executor constructed");
    }

    @Override
    public void used(ThreadPoolExecutor executor, Runnable task, boolean submit) {
        throw fault("executor used");
    }

    @Override
    public void submitFailed(Runnable task) {
        throw fault("executor submit failed");
    }

    @Override
    public void workerCreated(ThreadPoolExecutor executor, Object worker, Runnable firstTask) {
        throw fault("worker created");
    }

    @Override
    public void taskDequeued(ThreadPoolExecutor executor, Runnable task) {
        throw fault("task dequeued");
    }

    @Override
    public void taskStarting(ThreadPoolExecutor executor, Object worker) {
        throw fault("task starting");
    }

    @Override
    public void taskEnding(Object worker, Thread thread) {
        throw fault("task ending");
    }

    @Override
    public void workerStarting(ThreadPoolExecutor executor, Thread thread, Object worker) {
        throw fault("worker starting");
    }

    @Override
    public void rejected(ThreadPoolExecutor executor, Runnable task) {
        throw fault("rejected");
    }

    @Override
    public void shutdown(ThreadPoolExecutor executor, List<Runnable> drained) {
        throw fault("shutdown");
    }

    @Override
    public void forkJoinConstructed(ForkJoinPool pool) {
        throw fault("fork/join constructed");
    }

    @Override
    public void forkJoinWorkerStarting(ForkJoinPool pool, Thread worker) {
        throw fault("fork/join worker starting");
    }

    @Override
    public void forkJoinShutdown(ForkJoinPool pool) {
        throw fault("fork/join shutdown");
    }

    @Override
    public void threadPerTaskCreated(ExecutorService executor, ThreadFactory factory, Set<Thread> threads) {
        throw fault("thread-per-task created");
    }

    @Override
    public void threadPerTaskDone(ExecutorService executor, Thread thread, Set<Thread> threads) {
        throw fault("thread-per-task thread done");
    }

    @Override
    public void threadPerTaskShutdown(ExecutorService executor) {
        throw fault("thread-per-task shutdown");
    }

    @Override
    public void begin(int kind, long start, Object target) {
        throw fault("blocking I/O begin");
    }

    @Override
    public void io(int kind, long nanos, long bytes) {
        throw fault("blocking I/O");
    }

    @Override
    public void sampledStart(Thread vthread) {
        throw fault("virtual thread sampled start");
    }
}
