package dev.weft.instrumentation.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bridge.WeftBridge;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThreadTableTest {

    private static ThreadRecord record(long id) {
        return new ThreadRecord(null, id, "t" + id, false, "g", null);
    }

    @Test
    void behavesLikeAMapUnderRandomPutsAndRemovals() {
        ThreadTable table = new ThreadTable();
        Map<Long, ThreadRecord> model = new HashMap<>();
        Random random = new Random(42);
        for (int op = 0; op < 200_000; op++) {
            // Ids from a small range collide often, so deletions shift probe chains.
            long id = random.nextInt(3000) + (random.nextBoolean() ? 0 : (long) Integer.MAX_VALUE * 7);
            int kind = random.nextInt(5);
            if (kind < 2) {
                ThreadRecord r = record(id);
                assertSame(model.put(id, r), table.put(id, r));
            } else if (kind == 2) {
                ThreadRecord r = record(id);
                ThreadRecord existing = model.putIfAbsent(id, r);
                assertSame(existing, table.putIfAbsent(id, r));
            } else if (kind == 3) {
                assertSame(model.remove(id), table.remove(id));
            } else {
                assertSame(model.get(id), table.get(id));
            }
        }
        assertEquals(model.size(), table.size());
        assertEquals(new HashSet<>(model.values()), new HashSet<>(table.values()));
        for (Map.Entry<Long, ThreadRecord> e : model.entrySet()) {
            assertSame(e.getValue(), table.get(e.getKey()));
        }
    }

    @Test
    void conditionalRemovalRemovesOnlyTheExpectedRecord() {
        ThreadTable table = new ThreadTable();
        ThreadRecord a = record(5);
        table.put(5, a);
        assertNull(table.remove(5, record(5)));
        assertSame(a, table.get(5));
        assertSame(a, table.remove(5, a));
        assertNull(table.get(5));
        assertEquals(0, table.size());
    }

    /**
     * The exit hook runs on the dying thread: if it allocated, a thread that allocated nothing else
     * would take a TLAB for a few bytes and waste the rest (hundreds of young collections in a
     * start+join loop).
     */
    @Test
    void aThreadExitAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ThreadLedger ledger = new ThreadLedger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            threads.add(new Thread(() -> { }, "exit-" + i));
        }
        for (int round = 0; round < 2; round++) { // the first round warms up (class loading, adder cells)
            List<Thread> part = threads.subList(round * 10_000, (round + 1) * 10_000);
            for (Thread t : part) {
                ledger.starting(t, WeftBridge.HOOK_THREAD_START);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (Thread t : part) {
                ledger.exiting(t);
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                // A boxed id per exit would be 160 000 bytes; a few bytes once (the JIT, the MXBean) are not per exit.
                assertTrue(allocated < 1000, "bytes allocated by 10 000 exits: " + allocated);
            }
        }
        assertEquals(0, ledger.liveCount());
    }
}
