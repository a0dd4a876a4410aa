package dev.weft.instrumentation.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The sampled virtual-thread records. The unit tests run on JDK 17, so ordinary threads stand in for
 * virtual ones: the ledger only reads the id, the state and the starting thread's stack.
 */
class VirtualThreadLedgerTest {

    private final ThreadLedger ledger = new ThreadLedger();
    private final VirtualThreadLedger virtual = ledger.virtual();

    private void sampleHere(Thread t) {
        virtual.sampledStart(t); // the creation site's line
    }

    @Test
    void sampledStartsCarryTheCallersSiteSharedWithPlatformThreadsAndEndedOnesAreSwept() throws Exception {
        Thread a = new Thread(() -> { }, "");
        Thread b = new Thread(() -> { }, "");
        for (Thread t : new Thread[] {a, b}) {
            sampleHere(t); // one stack for both
        }
        ThreadRecord ra = virtual.get(a.getId());
        assertNotNull(ra);
        assertEquals(VirtualThreadLedger.GROUP, ra.group());
        assertSame(ra.site(), virtual.get(b.getId()).site(), "one stack, one interned site");
        assertEquals("sampleHere", ra.site().applicationFrame().getMethodName());
        assertTrue(ra.site().location().matches("VirtualThreadLedgerTest\\.java:\\d+"), ra.site().location());
        assertEquals(1, ledger.sites().size(), "the sites table is the platform threads' one");
        assertEquals(2, virtual.samples());

        assertEquals(0, virtual.sweep(), "NEW threads are not swept");
        a.start();
        a.join();
        assertEquals(1, virtual.sweep());
        assertNull(virtual.get(a.getId()));
        assertNotNull(virtual.get(b.getId()));
        assertEquals(1, virtual.sampledCount());
    }

    @Test
    void atMostMaxSampledRecordsAreKept() {
        for (int i = 0; i < VirtualThreadLedger.MAX_SAMPLED + 5; i++) {
            virtual.sampledStart(new Thread(() -> { }));
        }
        assertEquals(VirtualThreadLedger.MAX_SAMPLED, virtual.sampledCount());
        assertEquals(5, virtual.dropped());
    }

    /** Two starts on one line are two walks (different bytecode indexes) but one site. */
    @Test
    void twoWalksOnOneLineShareOneSite() {
        Thread a = new Thread(() -> { });
        Thread b = new Thread(() -> { });
        ledger.starting(a, 0); ledger.starting(b, 0); // deliberately on one line
        assertSame(ledger.get(a.getId()).site(), ledger.get(b.getId()).site());
        assertEquals(1, ledger.sites().size());
        Thread c = new Thread(() -> { });
        ledger.starting(c, 0);
        assertEquals(2, ledger.sites().size());
    }
}
