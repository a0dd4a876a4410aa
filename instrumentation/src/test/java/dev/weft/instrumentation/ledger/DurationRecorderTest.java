package dev.weft.instrumentation.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class DurationRecorderTest {

    private static final double[] BOUNDS = {0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};
    private static final double[] REPORT_BOUNDS = {0.000001, 0.000512, 0.001, 0.002, 0.02, 0.2, 2, 60, 3600, 7200};

    /**
     * The buckets are HdrHistogram's (lowest 1 µs, two digits): for values spread over every power of two
     * from 0 to past the hour, the count below each bound is what an HdrHistogram of the same values says.
     */
    @Test
    void bucketsAreHdrHistogramsAndCountSumAndMaxAreExact() {
        DurationRecorder r = new DurationRecorder();
        Histogram h = new Histogram(DurationRecorder.LOWEST_NANOS, DurationRecorder.HIGHEST_NANOS, 2);
        SplittableRandom random = new SplittableRandom(42);
        long sum = 0;
        long max = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            long v = i < 64 ? (1L << i) - 1 : random.nextLong(1L << random.nextInt(44));
            if (i % 1000 == 0) {
                v = (long) (BOUNDS[random.nextInt(BOUNDS.length)] * 1e9) + random.nextInt(-2, 3); // at the edges
            }
            r.record(v);
            h.recordValue(Math.min(v, DurationRecorder.HIGHEST_NANOS));
            sum += v;
            max = Math.max(max, v);
        }
        for (double[] bounds : new double[][] {BOUNDS, REPORT_BOUNDS}) {
            DurationRecorder.Snapshot s = r.snapshot(bounds);
            long[] expected = new long[bounds.length];
            for (int i = 0; i < bounds.length; i++) {
                long bound = Math.min((long) (bounds[i] * 1e9), DurationRecorder.HIGHEST_NANOS);
                expected[i] = h.getCountBetweenValues(0, bound);
            }
            assertArrayEquals(expected, s.cumulative());
            assertEquals(n, s.count());
            assertEquals(sum, s.sumNanos());
            assertEquals(max, s.maxNanos());
        }
        assertEquals(DurationRecorder.index(DurationRecorder.HIGHEST_NANOS) + 1, DurationRecorder.BUCKETS);
    }

    @Test
    void emptyAndHostileValues() {
        DurationRecorder r = new DurationRecorder();
        DurationRecorder.Snapshot empty = r.snapshot(BOUNDS);
        assertEquals(0, empty.count());
        assertEquals(0, empty.maxNanos());
        assertArrayEquals(new long[BOUNDS.length], empty.cumulative());
        r.record(-5);
        r.record(Long.MAX_VALUE / 2);
        DurationRecorder.Snapshot s = r.snapshot(new double[] {0.000001, 1e300});
        assertEquals(2, s.count());
        assertEquals(Long.MAX_VALUE / 2, s.sumNanos());
        assertEquals(Long.MAX_VALUE / 2, s.maxNanos());
        assertArrayEquals(new long[] {1, 2}, s.cumulative());
    }

    @Test
    void recordingDoesNotAllocate() {
        ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        DurationRecorder r = new DurationRecorder();
        for (int round = 0; round < 10; round++) { // JIT tiers
            for (int i = 0; i < 100_000; i++) {
                r.record(i * 997L);
            }
        }
        long before = bean.getThreadAllocatedBytes(self);
        for (int i = 0; i < 100_000; i++) {
            r.record(i * 997L);
        }
        assertEquals(0, bean.getThreadAllocatedBytes(self) - before, "bytes allocated by 100,000 records");
    }
}
