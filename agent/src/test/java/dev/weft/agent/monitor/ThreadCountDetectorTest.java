package dev.weft.agent.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThreadCountDetectorTest {

    @Test
    void raisedAboveTheLimitAndClearedBelowNinetyPercent() {
        AtomicInteger count = new AtomicInteger(100);
        ThreadCountDetector d = new ThreadCountDetector(100, 1000, count::get);
        assertEquals(0, d.observe(0).size(), "at the limit is fine");
        count.set(101);
        assertEquals(1, d.observe(1).size());
        assertTrue(d.observe(2).get(0).summary().startsWith("101 live platform threads, above threads.max=100"));
        count.set(91);
        assertEquals(1, d.observe(3).size(), "hysteresis: still above 90 %");
        count.set(90);
        assertEquals(0, d.observe(4).size());
        count.set(95);
        assertEquals(0, d.observe(5).size(), "not raised again below the limit");
    }

    @Test
    void virtualThreadsAreCountedApartFromPlatformThreads() {
        AtomicInteger platform = new AtomicInteger(10);
        AtomicLong virtual = new AtomicLong(1000);
        AtomicInteger sweeps = new AtomicInteger();
        ThreadCountDetector d = new ThreadCountDetector(100, 1000, 1000, platform::get, virtual::get,
                sweeps::incrementAndGet);
        assertEquals(0, d.observe(0).size(), "1000 virtual threads at threads.virtual.max=1000 is fine");
        virtual.set(1001);
        var obs = d.observe(1);
        assertEquals(1, obs.size());
        assertEquals("virtual", obs.get(0).key());
        assertTrue(obs.get(0).summary().startsWith("1001 live virtual threads, above threads.virtual.max=1000"));
        platform.set(101);
        assertEquals(2, d.observe(2).size(), "both, each under its own key");
        virtual.set(900);
        obs = d.observe(3);
        assertEquals(1, obs.size());
        assertEquals("platform", obs.get(0).key());
        assertEquals(4, sweeps.get(), "the sampled virtual-thread records are swept every tick");
    }
}
