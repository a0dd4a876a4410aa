package dev.weft.instrumentation.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.bridge.WeftBridge;
import dev.weft.bridge.WeftExecutorBridge;
import dev.weft.bridge.WeftIoBridge;
import dev.weft.bridge.WeftVirtualThreadBridge;
import dev.weft.bridge.WeftLockBridge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With the throwing receivers connected, every bridge entry point that calls a receiver returns normally
 * and counts exactly one internal error (the bridge driven directly, no agent).
 */
class TestFaultsTest {

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    private final ForkJoinPool fj = new ForkJoinPool(1);

    @AfterEach
    void detach() {
        WeftBridge.setThreadHooks(null);
        WeftLockBridge.setLockHooks(null);
        WeftExecutorBridge.setHooks(null);
        WeftIoBridge.setIoHooks(null);
        WeftVirtualThreadBridge.setHooks(null);
        pool.shutdown();
        fj.shutdown();
    }

    @Test
    void everyReceiverThrowsAndEveryThrowIsCountedOnce() {
        TestFaults.connectThrowingHooks();
        Thread t = new Thread(() -> { }, "t");
        Runnable task = () -> { };
        Object worker = new Object();
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("threadStarting", () -> assertFalse(WeftBridge.threadStarting(t, WeftBridge.HOOK_THREAD_START)));
        calls.put("threadExiting", () -> WeftBridge.threadExiting(t));
        calls.put("acquireExit", () -> WeftLockBridge.acquireExit(new ReentrantLock(), null, System.nanoTime()));
        calls.put("stampedExit", () -> WeftLockBridge.stampedExit(new StampedLock(), System.nanoTime()));
        calls.put("constructed", () -> WeftExecutorBridge.constructed(pool));
        calls.put("used", () -> WeftExecutorBridge.used(pool, task, WeftExecutorBridge.HOOK_EXECUTE));
        calls.put("submitFailed", () -> WeftExecutorBridge.submitFailed(task));
        calls.put("workerCreated", () -> WeftExecutorBridge.workerCreated(pool, worker, task));
        calls.put("taskDequeued", () -> WeftExecutorBridge.taskDequeued(pool, task));
        calls.put("taskStarting", () -> WeftExecutorBridge.taskStarting(pool, worker));
        calls.put("taskEnding", () -> WeftExecutorBridge.taskEnding(worker, Thread.currentThread()));
        calls.put("workerStarting", () -> WeftExecutorBridge.workerStarting(pool, worker));
        calls.put("rejected", () -> WeftExecutorBridge.rejected(pool, task));
        calls.put("shutdown", () -> WeftExecutorBridge.shutdown(pool, List.of(), WeftExecutorBridge.HOOK_SHUTDOWN));
        calls.put("forkJoinConstructed", () -> WeftExecutorBridge.forkJoinConstructed(fj));
        calls.put("forkJoinWorkerStarting", () -> WeftExecutorBridge.forkJoinWorkerStarting(fj));
        calls.put("forkJoinShutdown", () -> WeftExecutorBridge.forkJoinShutdown(fj, WeftExecutorBridge.HOOK_FJP_SHUTDOWN));
        ExecutorService perTask = Executors.newCachedThreadPool(); // any ExecutorService: the receiver only throws
        calls.put("threadPerTaskCreated", () -> WeftExecutorBridge.threadPerTaskCreated(perTask, Thread::new, Set.of()));
        calls.put("threadPerTaskDone", () -> WeftExecutorBridge.threadPerTaskDone(perTask, t, Set.of()));
        calls.put("threadPerTaskShutdown", () -> WeftExecutorBridge.threadPerTaskShutdown(perTask));
        calls.put("ioEnter", () -> WeftIoBridge.enter(0, WeftIoBridge.FILE_READ, null));
        calls.put("ioExit", () -> WeftIoBridge.exitCount(WeftIoBridge.FILE_READ, System.nanoTime(), 1, null));
        calls.put("virtualStarted", () -> {
            int every = WeftVirtualThreadBridge.sampleEvery();
            WeftVirtualThreadBridge.setSampleEvery(1);
            try {
                WeftVirtualThreadBridge.started(t);
            } finally {
                WeftVirtualThreadBridge.setSampleEvery(every);
            }
        });
        List<String> wrong = new ArrayList<>();
        for (var e : calls.entrySet()) {
            long before = WeftBridge.internalErrors();
            e.getValue().run(); // must not throw
            long counted = WeftBridge.internalErrors() - before;
            if (counted != 1) {
                wrong.add(e.getKey() + " counted " + counted);
            }
        }
        perTask.shutdown();
        assertEquals(List.of(), wrong);
    }

    @Test
    void offUnlessTheSystemPropertyIsTrue() {
        assertFalse(TestFaults.requested(), "the build does not set " + TestFaults.PROPERTY);
    }
}
