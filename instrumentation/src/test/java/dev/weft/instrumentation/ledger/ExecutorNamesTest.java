package dev.weft.instrumentation.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

class ExecutorNamesTest {

    @Test
    void digitRunsBecomeHash() {
        assertEquals("pool-#-thread-#", ExecutorNames.normalise("pool-12-thread-345"));
        assertEquals("ticker", ExecutorNames.normalise("ticker"));
        assertEquals("#x#", ExecutorNames.normalise("1x2"));
        assertNull(ExecutorNames.normalise(""));
        assertNull(ExecutorNames.normalise(null));
        // Valid UTF-16 whatever the name: the cut never splits a pair, a lone surrogate becomes U+FFFD.
        String thread = "\uD83E\uDDF5";
        assertEquals("x" + thread.repeat(59), ExecutorNames.normalise("x" + thread.repeat(100)));
        assertEquals("a\uFFFD#", ExecutorNames.normalise("a\uDC001"));
        assertEquals(120, ExecutorNames.normalise("a".repeat(500)).length());
    }

    @Test
    void siteIsTheFirstFrameOutsideTheJdkAndTheLedger() {
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        String site = ExecutorNames.site(ThreadPoolExecutor.class);
        assertEquals("ThreadPoolExecutor@ExecutorNamesTest.java:" + line, site);
        assertTrue(ExecutorNames.site(new ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>()) { }.getClass()).startsWith("ExecutorNamesTest$"));
    }
}
