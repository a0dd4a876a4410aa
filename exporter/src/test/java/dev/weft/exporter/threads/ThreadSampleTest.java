package dev.weft.exporter.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@link ThreadSample#ofVirtual}: how {@code /threads} reads a virtual thread (through the public
 * {@code Thread} API, so a platform thread stands in for one on JDK 17): a thread that ended meanwhile is
 * skipped, a renamed one shows its current name, and the stack is cut at the request's depth.
 */
class ThreadSampleTest {

    @Test
    void endedThreadIsSkippedRenamedThreadShowsItsNameAndTheStackIsCut() throws Exception {
        Thread ended = new Thread(() -> { });
        ended.start();
        ended.join();
        assertNull(ThreadSample.ofVirtual(ended, 64), "ended during the scan: skipped");

        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> deep(40, release), "before");
        t.setDaemon(true);
        t.start();
        try {
            t.setName("after\n\"renamed\"\\ \u00fc");
            ThreadSample s = null;
            long end = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < end && (s == null || s.state() != Thread.State.WAITING)) {
                s = ThreadSample.ofVirtual(t, 8);
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.WAITING, s.state());
            assertEquals("after\n\"renamed\"\\ \u00fc", s.name());
            assertEquals(8, s.stack().size(), "cut at the depth asked for");
            assertTrue(s.virtual());
            String text = ThreadGroups.of(List.of(s), id -> null, 0, 0, 8,
                    new ThreadGroups.Virtual(1, 1, 1000, 100)).text();
            assertTrue(text.contains("1 virtual thread: WAITING 1\n  names: \"after\\n\\\"renamed\\\"\\\\ \u00fc\"\n"),
                    text);
            assertTrue(text.contains("virtual threads: 1 of 1 live listed (at most 1000 per request); creation sites"
                    + " sampled for 1 start in 100\n"), text);
        } finally {
            release.countDown();
        }
    }

    private static void deep(int n, CountDownLatch release) {
        if (n > 0) {
            deep(n - 1, release);
            return;
        }
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
