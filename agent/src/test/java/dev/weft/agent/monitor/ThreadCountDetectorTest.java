package dev.weft.agent.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
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
}
