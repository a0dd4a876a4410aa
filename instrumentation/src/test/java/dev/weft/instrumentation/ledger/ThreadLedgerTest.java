package dev.weft.instrumentation.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bridge.WeftBridge;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ThreadLedgerTest {

    private final ThreadLedger ledger = new ThreadLedger();

    @Test
    void groupReplacesDigitRunsWithHash() {
        assertEquals("pool-#-thread-#", ThreadLedger.groupOf("pool-12-thread-345"));
        assertEquals("#worker#", ThreadLedger.groupOf("7worker42"));
        assertEquals("main", ThreadLedger.groupOf("main"));
        assertEquals("(unnamed)", ThreadLedger.groupOf(""));
        assertEquals("naïve \"q\"\n#", ThreadLedger.groupOf("naïve \"q\"\n2024"));
        assertEquals(ThreadLedger.MAX_GROUP_LENGTH, ThreadLedger.groupOf("x".repeat(500)).length());
    }

    @Test
    void groupIsValidUtf16WhateverTheName() {
        String thread = "\uD83E\uDDF5"; // one character, two UTF-16 code units
        // The cut falls between the two halves of a pair: it moves one code unit back.
        assertEquals("x" + thread.repeat(49), ThreadLedger.groupOf("x" + thread.repeat(5000)));
        assertEquals(thread.repeat(50), ThreadLedger.groupOf(thread.repeat(5000)));
        // Lone surrogates (a name Java allows but UTF-8 cannot carry) become U+FFFD.
        assertEquals("a\uFFFDb\uFFFD#" + thread, ThreadLedger.groupOf("a\uDC00b\uD800" + "12" + thread));
        assertEquals("\uFFFD", ThreadLedger.groupOf("\uD800"));
        assertEquals("\u0000\u001b[#m", ThreadLedger.groupOf("\u0000\u001b[31m"));
    }

    @Test
    void aThreadNamedOtherSharesTheOtherSeriesInsteadOfDuplicatingIt() {
        for (int i = 0; i <= ThreadLedger.MAX_GROUPS; i++) { // one more group than the budget: other exists
            ledger.starting(thread("g" + (char) ('a' + i % 26) + (char) ('a' + i / 26)), 0);
        }
        ledger.starting(thread("other"), 0);
        List<String> names = ledger.groups().stream().map(ThreadLedger.Group::name).collect(Collectors.toList());
        assertEquals(1, names.stream().filter(ThreadLedger.OTHER::equals).count(), names.toString());
        assertEquals(2, counts().get(ThreadLedger.OTHER)[0]);
    }

    private static Thread thread(String name) {
        return new Thread(() -> { }, name);
    }

    /** Starts from one fixed line of this file: every call shares one creation site. */
    private void startHere(Thread t) {
        ledger.starting(t, WeftBridge.HOOK_THREAD_START); // line of the creation site
    }

    @Test
    void creationSiteIsTheCallerAndIsSharedByThreadsFromTheSameStack() {
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = thread("w-" + i);
            ts.add(t);
            startHere(t);
        }
        CreationSite site = ledger.get(ts.get(0).getId()).site();
        assertNotNull(site);
        assertSame(site, ledger.get(ts.get(1).getId()).site());
        assertSame(site, ledger.get(ts.get(2).getId()).site());
        StackTraceElement app = site.applicationFrame();
        assertEquals(ThreadLedgerTest.class.getName(), app.getClassName());
        assertEquals("startHere", app.getMethodName());
        assertTrue(site.location().matches("ThreadLedgerTest\\.java:\\d+"), site.location());
        assertTrue(site.frames().size() <= CreationSites.MAX_DEPTH);
        assertEquals("w-#", ledger.get(ts.get(0).getId()).group());
        assertEquals(Thread.currentThread().getName(), ledger.get(ts.get(0).getId()).starterName());

        Thread other = thread("w-9");
        ledger.starting(other, WeftBridge.HOOK_THREAD_START); // a different line: a different site
        assertTrue(site != ledger.get(other.getId()).site());
        assertEquals(2, ledger.sites().size());
    }

    @Test
    void agentThreadsAreThoseNamedWeftOrStartedByOne() throws Exception {
        Thread app = thread("HTTP-Dispatcher"); // started by the test's thread: the application's
        ledger.starting(app, WeftBridge.HOOK_THREAD_START);
        Thread named = thread("weft-monitor");
        ledger.starting(named, WeftBridge.HOOK_THREAD_START);
        Thread[] byAgent = new Thread[1];
        Thread init = new Thread(() -> {
            byAgent[0] = thread("HTTP-Dispatcher"); // the JDK's name, started on the agent's behalf
            ledger.starting(byAgent[0], WeftBridge.HOOK_THREAD_START);
        }, "weft-init");
        init.start();
        init.join();

        assertEquals(false, ledger.isAgentThread(app.getId()));
        assertTrue(ledger.isAgentThread(named.getId()));
        assertTrue(ledger.isAgentThread(byAgent[0].getId()));
        assertEquals(false, ledger.isAgentThread(Long.MAX_VALUE), "unknown thread");
    }

    @Test
    void groupCountersFollowStartsExitsAndFailures() {
        Thread a = thread("alpha-1");
        Thread b = thread("alpha-2");
        Thread c = thread("beta-1");
        ledger.starting(a, 0);
        ledger.starting(b, 0);
        ledger.starting(c, 0);
        ledger.exiting(a);
        ledger.startFailed(c);
        ledger.exiting(a); // twice: no effect
        Map<String, long[]> g = counts();
        assertEquals(1, g.get("alpha-#")[0]);
        assertEquals(2, g.get("alpha-#")[1]);
        assertEquals(0, g.get("beta-#")[0]);
        assertEquals(0, g.get("beta-#")[1]);
        assertEquals(1, ledger.liveCount());
        assertEquals(2, ledger.startedTotal());
        assertEquals(1, ledger.exitedTotal());
        assertEquals(1, ledger.startFailures());
    }

    @Test
    void groupsBeyondTheBudgetAreFoldedIntoOtherAndCountedOnce() {
        long dropped = WeftBridge.seriesDropped();
        for (int i = 0; i < ThreadLedger.MAX_GROUPS; i++) {
            ledger.starting(thread("g" + (char) ('a' + i % 26) + (char) ('a' + i / 26)), 0);
        }
        assertEquals(dropped, WeftBridge.seriesDropped());
        Thread x1 = thread("extra-x");
        ledger.starting(x1, 0);
        ledger.starting(thread("extra-x"), 0);
        ledger.starting(thread("extra-y"), 0);
        assertEquals(dropped + 2, WeftBridge.seriesDropped(), "two distinct groups folded");
        ledger.exiting(x1);
        Map<String, long[]> g = counts();
        assertEquals(ThreadLedger.MAX_GROUPS + 1, g.size());
        assertEquals(2, g.get(ThreadLedger.OTHER)[0]);
        assertEquals(3, g.get(ThreadLedger.OTHER)[1]);
        assertNull(g.get("extra-x"));
    }

    @Test
    void seededThreadsArePreexistingWithoutSiteAndNotCountedAsStarted() {
        Thread me = Thread.currentThread();
        assertEquals(1, ledger.seed(List.of(me)));
        ThreadRecord r = ledger.get(me.getId());
        assertTrue(r.preexisting());
        assertNull(r.site());
        long[] c = counts().get(ThreadLedger.groupOf(me.getName()));
        assertEquals(1, c[0]);
        assertEquals(0, c[1]);
    }

    @Test
    void sweepRemovesTerminatedThreadsButKeepsNewOnes() throws Exception {
        Thread done = thread("done-1");
        ledger.starting(done, 0);
        done.start();
        done.join();
        Thread fresh = thread("fresh-1");
        ledger.starting(fresh, 0);
        assertEquals(1, ledger.sweep());
        assertNull(ledger.get(done.getId()));
        assertNotNull(ledger.get(fresh.getId()));
        assertEquals(0, counts().get("done-#")[0]);
    }

    private Map<String, long[]> counts() {
        return ledger.groups().stream().collect(Collectors.toMap(ThreadLedger.Group::name,
                gr -> new long[] {gr.live(), gr.startedTotal()}));
    }

    @Test
    void sitesOfAGroupBeyondItsBudgetAreSampledAndWeighted() {
        ledger.siteSampling(5, 4);
        List<Thread> burst = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Thread t = thread("burst-" + i);
            burst.add(t);
            startHere(t);
        }
        Thread calm = thread("calm-1"); // another group: its own budget, walked although burst-# is over its own
        startHere(calm);
        assertEquals(1, ledger.get(calm.getId()).siteWeight());
        assertNotNull(ledger.get(calm.getId()).site());

        int exact = 0;
        int sampled = 0;
        int without = 0;
        for (Thread t : burst) {
            ThreadRecord r = ledger.get(t.getId());
            if (r.site() == null) {
                assertEquals(0, r.siteWeight());
                assertTrue(r.siteNotSampled());
                without++;
            } else if (r.siteWeight() == 1) {
                exact++;
            } else {
                assertEquals(4, r.siteWeight());
                sampled++;
            }
        }
        assertTrue(exact >= 5 && exact <= 15, "the first 5 of the second (of at most 3 seconds) walked: " + exact);
        assertTrue(without > 200, "most starts beyond the budget are not walked: " + without);
        long estimate = exact + 4L * sampled; // ~400; 4 standard deviations of the binomial are about 140
        assertTrue(estimate > 250 && estimate < 550, "weights estimate the starts: " + estimate);
        // Thread and group counters stay exact whatever is sampled.
        assertEquals(401, ledger.startedTotal());
        assertEquals(400, ledger.groups().stream().filter(g -> g.name().equals("burst-#")).findFirst()
                .orElseThrow().live());
    }

    @Test
    void sampleZeroCapturesNoSiteBeyondTheBudgetAndOneCapturesEvery() {
        ledger.siteSampling(0, 0);
        Thread none = thread("z-1");
        startHere(none);
        assertNull(ledger.get(none.getId()).site());
        assertTrue(ledger.get(none.getId()).siteNotSampled());
        ledger.siteSampling(0, 1);
        Thread every = thread("z-2");
        startHere(every);
        assertNotNull(ledger.get(every.getId()).site());
        assertEquals(1, ledger.get(every.getId()).siteWeight());
    }
}
