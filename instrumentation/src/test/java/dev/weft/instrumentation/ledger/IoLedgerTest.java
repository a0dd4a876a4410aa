package dev.weft.instrumentation.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.weft.bridge.WeftIoBridge;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class IoLedgerTest {

    private static final double[] BOUNDS = {0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};

    private static void on(String name, Runnable r) throws InterruptedException {
        Thread t = new Thread(r, name);
        t.start();
        t.join();
    }

    @Test
    void recordsTimeAndBytesByKindOnPlatformThreads() throws Exception {
        IoLedger ledger = new IoLedger();
        on("app-1", () -> {
            ledger.io(WeftIoBridge.SOCKET_READ, 2_000_000L, 100);
            ledger.io(WeftIoBridge.SOCKET_READ, 1_000_000L, 0); // end of stream
            ledger.io(WeftIoBridge.FILE_WRITE, 500_000L, 4096);
        });
        DurationRecorder.Snapshot reads = ledger.times(WeftIoBridge.SOCKET_READ, 0).snapshot(BOUNDS);
        assertEquals(2, reads.count());
        assertEquals(3_000_000L, reads.sumNanos());
        assertEquals(2_000_000L, reads.maxNanos());
        assertEquals(100, ledger.bytes(WeftIoBridge.SOCKET_READ, 0));
        assertEquals(4096, ledger.bytes(WeftIoBridge.FILE_WRITE, 0));
        assertEquals(0, ledger.times(WeftIoBridge.SOCKET_READ, 1).snapshot(BOUNDS).count());
        assertEquals(0, ledger.bytes(WeftIoBridge.FILE_READ, 0));
    }

    @Test
    void theAgentsAndJfrsThreadsAreIgnored() throws Exception {
        IoLedger ledger = new IoLedger();
        on("weft-http-1", () -> ledger.io(WeftIoBridge.SOCKET_WRITE, 1_000L, 10));
        on("JFR Periodic Tasks", () -> ledger.io(WeftIoBridge.FILE_READ, 1_000L, 10));
        assertEquals(0, ledger.times(WeftIoBridge.SOCKET_WRITE, 0).snapshot(BOUNDS).count());
        assertEquals(0, ledger.bytes(WeftIoBridge.FILE_READ, 0));
    }

    @Test
    void aRenamedThreadIsClassifiedAgain() throws Exception {
        IoLedger ledger = new IoLedger();
        on("weft-init", () -> {
            ledger.io(WeftIoBridge.FILE_READ, 1_000L, 1);
            Thread.currentThread().setName("app-main");
            ledger.io(WeftIoBridge.FILE_READ, 1_000L, 2);
            Thread.currentThread().setName("weft-again");
            ledger.io(WeftIoBridge.FILE_READ, 1_000L, 4);
        });
        assertEquals(2, ledger.bytes(WeftIoBridge.FILE_READ, 0));
    }

    @Test
    void callsOnANonBlockingThreadAreSampledBySite() throws Exception {
        IoLedger ledger = new IoLedger();
        ledger.nonBlockingThreads(ThreadNamePatterns.of(List.of("event-loop-*", " ")));
        on("event-loop-7", () -> {
            for (int i = 0; i < 1000; i++) {
                ledger.io(WeftIoBridge.SOCKET_READ, 1_000L, 1);
            }
        });
        on("worker-1", () -> ledger.io(WeftIoBridge.SOCKET_READ, 1_000L, 1));
        assertEquals(1001, ledger.bytes(WeftIoBridge.SOCKET_READ, 0), "still recorded as I/O");
        List<NonBlockingCalls.Site> sites = ledger.nonBlocking().snapshot(System.currentTimeMillis(), 60_000);
        assertEquals(1, sites.size(), sites.toString());
        NonBlockingCalls.Site s = sites.get(0);
        assertEquals("event-loop-#", s.group());
        assertEquals("event-loop-7", s.thread());
        assertEquals("socket_read", s.kind());
        assertTrue(s.location().startsWith("IoLedgerTest.java:"), s.toString());
        assertTrue(s.stack().get(0).startsWith("dev.weft.instrumentation.ledger.IoLedgerTest.lambda$"), s.stack().toString());
        // Quiet for longer than the quiet period: forgotten.
        assertTrue(ledger.nonBlocking().snapshot(System.currentTimeMillis() + 120_000, 60_000).isEmpty());
        assertTrue(ledger.nonBlocking().snapshot(System.currentTimeMillis(), 60_000).isEmpty());
    }

    @Test
    void globs() {
        assertTrue(ThreadNamePatterns.glob("nioEventLoopGroup-*", "nioEventLoopGroup-3-1"));
        assertTrue(ThreadNamePatterns.glob("*loop*", "my-loop-1"));
        assertTrue(ThreadNamePatterns.glob("a?c", "abc"));
        assertTrue(ThreadNamePatterns.glob("*", ""));
        assertFalse(ThreadNamePatterns.glob("a?c", "ac"));
        assertFalse(ThreadNamePatterns.glob("loop", "loop-1"));
        assertTrue(ThreadNamePatterns.glob("*a*b", "xaxxab"));
        assertFalse(ThreadNamePatterns.glob("*a*b", "xaxxa"));
        assertFalse(ThreadNamePatterns.of(List.of()).matches("x"));
        assertFalse(ThreadNamePatterns.of(List.of("x")).matches(null));
    }

    /**
     * What the advice runs on every blocking call — the bridge's enter and exit, the ledger's begin and io
     * — allocates nothing once the thread has been seen, for every kind, on a platform thread (the calls
     * on a thread declared non-blocking take a sampled stack at most once a second, by design).
     */
    @Test
    void theRecordingPathDoesNotAllocate() throws Exception {
        ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        IoLedger.warmUp();
        IoLedger ledger = new IoLedger();
        ledger.nonBlockingThreads(ThreadNamePatterns.of(List.of("event-loop-*")));
        long[] allocated = new long[1];
        Thread t = new Thread(() -> {
            long self = Thread.currentThread().getId();
            for (int round = 0; round < 10; round++) { // warm-up: cache entry, adders' cells, JIT tiers
                record(ledger, round);
            }
            long before = bean.getThreadAllocatedBytes(self);
            record(ledger, 1);
            allocated[0] = bean.getThreadAllocatedBytes(self) - before;
        }, "app-io-1");
        WeftIoBridge.setIoHooks(ledger);
        try {
            t.start();
            t.join();
        } finally {
            WeftIoBridge.setIoHooks(null);
        }
        assertEquals(0, allocated[0], "bytes allocated by a million recordings");
        assertEquals(11L * 2 * 100_000, ledger.times(WeftIoBridge.SOCKET_READ, 0).snapshot(BOUNDS).count(),
                "every call recorded (11 rounds of 100,000 through the ledger and as many through the bridge)");
    }

    private static final Object TARGET = new Object();

    @Test
    @SuppressWarnings("deprecation")
    void theCallInProgressIsKnownUntilItEnds() throws Exception {
        IoLedger ledger = new IoLedger();
        Object socket = new Object();
        InFlightIo.Call[] during = new InFlightIo.Call[1];
        long[] id = new long[1];
        on("app-reader", () -> {
            id[0] = Thread.currentThread().getId();
            ledger.begin(WeftIoBridge.SOCKET_READ, 42L, socket);
            during[0] = ledger.inFlight().get(id[0]);
            ledger.io(WeftIoBridge.SOCKET_READ, 5L, 1);
        });
        assertEquals(new InFlightIo.Call("socket_read", 42L, socket), during[0]);
        assertEquals(null, ledger.inFlight().get(id[0]));
        on("weft-http-9", () -> {
            ledger.begin(WeftIoBridge.SOCKET_WRITE, 1L, socket);
            during[0] = ledger.inFlight().get(Thread.currentThread().getId());
        });
        assertEquals(null, during[0], "the agent's own threads are not tracked");
    }

    private static void record(IoLedger ledger, int round) {
        for (int i = 0; i < 100_000; i++) {
            for (int k = 0; k < WeftIoBridge.KIND_COUNT; k++) {
                ledger.begin(k, i, TARGET);
                ledger.io(k, i * 1_000L + round, i & 1023);
            }
            // Through the bridge, as the advice calls it (the hooks point at this ledger).
            long start = WeftIoBridge.enter(WeftIoBridge.HOOK_NIO_READ, WeftIoBridge.SOCKET_READ, TARGET);
            WeftIoBridge.exitCount(WeftIoBridge.SOCKET_READ, start, i & 1023, null);
            start = WeftIoBridge.enter(WeftIoBridge.HOOK_FIS_READ_BYTE, WeftIoBridge.FILE_READ, null);
            WeftIoBridge.exitByte(WeftIoBridge.FILE_READ, start, 7, null);
            start = WeftIoBridge.enterChannel(WeftIoBridge.HOOK_SC_WRITE, WeftIoBridge.SOCKET_WRITE, TARGET, i % 2 == 0);
            WeftIoBridge.exitCount(WeftIoBridge.SOCKET_WRITE, start, 100, null);
            start = WeftIoBridge.enter(WeftIoBridge.HOOK_FOS_WRITE, WeftIoBridge.FILE_WRITE, null);
            WeftIoBridge.exitLength(WeftIoBridge.FILE_WRITE, start, 100, null);
            start = WeftIoBridge.enter(WeftIoBridge.HOOK_NIO_CONNECT, WeftIoBridge.SOCKET_CONNECT, TARGET);
            WeftIoBridge.exitNoBytes(WeftIoBridge.SOCKET_CONNECT, start);
        }
    }
}
