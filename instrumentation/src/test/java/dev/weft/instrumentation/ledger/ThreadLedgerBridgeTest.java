package dev.weft.instrumentation.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bridge.WeftBridge;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge entry points the advice calls, driven directly (no agent), into a real ledger.
 */
class ThreadLedgerBridgeTest {

    private final ThreadLedger ledger = new ThreadLedger();

    @AfterEach
    void detach() {
        WeftBridge.setThreadHooks(null);
    }

    @Test
    void startThenExitLeavesNothingLive() {
        Thread t = new Thread(() -> { }, "t");
        WeftBridge.setThreadHooks(ledger);
        assertTrue(WeftBridge.threadStarting(t, WeftBridge.HOOK_THREAD_START));
        WeftBridge.threadStartReturned(t, true, null);
        assertEquals(1, ledger.liveCount());
        ThreadRecord r = ledger.snapshot().get(0);
        assertEquals(t, r.thread());
        assertEquals(Thread.currentThread().getName(), r.starterName());
        assertFalse(r.preexisting());

        WeftBridge.threadExiting(t);
        assertEquals(0, ledger.liveCount());
        assertEquals(1, ledger.startedTotal());
        assertEquals(1, ledger.exitedTotal());
    }

    @Test
    void failedStartIsRetracted() {
        Thread t = new Thread(() -> { }, "t");
        WeftBridge.setThreadHooks(ledger);
        boolean announced = WeftBridge.threadStarting(t, WeftBridge.HOOK_THREAD_START);
        WeftBridge.threadStartReturned(t, announced, new OutOfMemoryError("unable to create native thread"));
        assertEquals(0, ledger.liveCount());
        assertEquals(0, ledger.startedTotal());
        assertEquals(1, ledger.startFailures());
    }

    @Test
    void secondStartOfALiveThreadIsNotANewThread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "running");
        t.start();
        try {
            WeftBridge.setThreadHooks(ledger);
            assertFalse(WeftBridge.threadStarting(t, WeftBridge.HOOK_THREAD_START));
            // start() then throws IllegalThreadStateException: nothing must be retracted either.
            WeftBridge.threadStartReturned(t, false, new IllegalThreadStateException());
            assertEquals(0, ledger.liveCount());
        } finally {
            release.countDown();
            t.join();
        }
    }

    @Test
    void exitOfAnUnknownThreadIsIgnored() {
        WeftBridge.setThreadHooks(ledger);
        WeftBridge.threadExiting(new Thread(() -> { }));
        assertEquals(0, ledger.exitedTotal());
    }

    @Test
    void seedingMarksRunningThreadsPreexistingAndSkipsDeadOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread alive = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "alive");
        Thread dead = new Thread(() -> { }, "dead");
        alive.start();
        dead.start();
        dead.join();
        try {
            assertEquals(1, ledger.seed(List.of(alive, dead)));
            ThreadRecord r = ledger.snapshot().get(0);
            assertEquals(alive, r.thread());
            assertTrue(r.preexisting());
            // An announced thread is not replaced by seeding.
            assertEquals(0, ledger.seed(List.of(alive)));
        } finally {
            release.countDown();
            alive.join();
        }
    }

    @Test
    void reconcilingKeepsAnnouncedThreadsThatHaveNotStartedYet() {
        Thread announced = new Thread(() -> { }, "announced");
        WeftBridge.setThreadHooks(ledger);
        assertTrue(WeftBridge.threadStarting(announced, WeftBridge.HOOK_THREAD_START));
        // Between the announcement (before start0) and the thread running, it is NEW, not alive.
        ledger.seed(List.of());
        assertEquals(1, ledger.liveCount());
        assertFalse(ledger.snapshot().get(0).preexisting());
    }

    @Test
    void aFailingReceiverIsCountedNotThrown() {
        long before = WeftBridge.internalErrors();
        WeftBridge.setThreadHooks(new WeftBridge.ThreadHooks() {
            @Override
            public void starting(Thread thread, int hook) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void startFailed(Thread thread) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void exiting(Thread thread) {
                throw new IllegalStateException("boom");
            }
        });
        Thread t = new Thread(() -> { });
        assertFalse(WeftBridge.threadStarting(t, WeftBridge.HOOK_THREAD_START));
        WeftBridge.threadExiting(t);
        assertEquals(before + 2, WeftBridge.internalErrors());
    }

    @Test
    void hookCallsAreCountedEvenWithoutAReceiver() {
        long before = WeftBridge.hookCalls(WeftBridge.HOOK_THREAD_EXIT);
        WeftBridge.threadExiting(new Thread(() -> { }));
        assertEquals(before + 1, WeftBridge.hookCalls(WeftBridge.HOOK_THREAD_EXIT));
    }
}
