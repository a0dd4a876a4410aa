package dev.weft.instrumentation.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WeakIdentityTableTest {

    private static ThreadPoolExecutor pool() {
        return new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }

    private static ExecutorRecord record(ThreadPoolExecutor e) {
        return new ExecutorRecord(e, 0, "thread_pool", "site", false, false);
    }

    @Test
    void addFindRemoveGrowAndShrink() {
        WeakIdentityTable<ExecutorRecord> t = new WeakIdentityTable<>();
        List<ThreadPoolExecutor> pools = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ThreadPoolExecutor p = pool();
            pools.add(p);
            ExecutorRecord r = record(p);
            assertSame(r, t.addIfAbsent(r));
            assertSame(r, t.addIfAbsent(record(p)), "a second record for the same pool is not added");
        }
        assertEquals(1000, t.size());
        assertTrue(t.capacity() >= 2000);
        for (ThreadPoolExecutor p : pools) {
            assertSame(p, t.find(p).get());
        }
        for (ThreadPoolExecutor p : pools) {
            assertSame(p, t.remove(p).get());
        }
        assertEquals(0, t.size());
        assertEquals(64, t.capacity());
    }

    @Test
    void readersNeverMissAPoolThatStaysWhileOthersComeAndGo() throws Exception {
        WeakIdentityTable<ExecutorRecord> t = new WeakIdentityTable<>();
        List<ThreadPoolExecutor> stay = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ThreadPoolExecutor p = pool();
            stay.add(p);
            t.addIfAbsent(record(p));
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong misses = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                for (ThreadPoolExecutor p : stay) {
                    if (t.find(p) == null) {
                        misses.incrementAndGet();
                    }
                }
            }
        });
        reader.start();
        for (int i = 0; i < 3000; i++) {
            ThreadPoolExecutor p = pool();
            t.addIfAbsent(record(p));
            t.remove(p);
        }
        done.set(true);
        reader.join();
        assertEquals(0, misses.get());
        assertEquals(50, t.size());
    }
}
