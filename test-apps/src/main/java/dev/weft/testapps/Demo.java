package dev.weft.testapps;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The demo: a small, busy, healthy service. A fixed pool of 4 workers takes a stream of short
 * tasks that share a lock, a scheduled pool ticks, the common ForkJoinPool runs parallel work, and
 * a churner starts and joins a short-lived thread every 100 ms; and {@link DashboardApp}'s workload
 * runs beside it (two threads contending for a monitor, waits, parks, file I/O, short-lived garbage,
 * virtual threads on JDK 21+), so that every panel of the Grafana dashboard has data. Runs until
 * killed, or for {@code args[0]} seconds.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : Long.MAX_VALUE / 2_000_000_000L;
        ExecutorService workers = Executors.newFixedThreadPool(4);
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
        ReentrantLock lock = new ReentrantLock();
        AtomicLong done = new AtomicLong();

        ticker.scheduleAtFixedRate(() -> {
            for (int i = 0; i < 20; i++) {
                workers.execute(() -> {
                    lock.lock();
                    try {
                        busy(200_000);
                    } finally {
                        lock.unlock();
                    }
                    done.incrementAndGet();
                });
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        ticker.scheduleAtFixedRate(() -> ForkJoinPool.commonPool().submit(() ->
                java.util.stream.IntStream.range(0, 10_000).parallel().map(i -> i * i).sum()),
                0, 200, TimeUnit.MILLISECONDS);

        Thread churner = new Thread(() -> {
            int n = 0;
            while (!Thread.currentThread().isInterrupted()) {
                Thread t = new Thread(() -> busy(100_000), "churn-" + (n++));
                t.start();
                try {
                    t.join();
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "churner");
        churner.setDaemon(true);
        churner.start();
        // The rest of what the Grafana dashboard shows: monitor contention, waits, file I/O, garbage and
        // young collections, virtual threads on JDK 21+ (DashboardPrometheusIT scrapes this demo).
        DashboardApp.startWorkload(false);

        System.out.println("demo running: 4 workers, a scheduler, the common pool, a thread churner and the"
                + " dashboard's workload (contention, waits, file I/O, garbage, virtual threads)"
                + (seconds < Long.MAX_VALUE / 2_000_000_000L ? " for " + seconds + " s" : "; Ctrl-C to stop"));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(1000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        }
        ticker.shutdownNow();
        workers.shutdownNow();
        churner.interrupt();
        System.out.println("demo done: " + done.get() + " tasks");
    }

    private static void busy(int iterations) {
        long x = ThreadLocalRandom.current().nextLong();
        for (int i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        if (x == 42) {
            System.out.print("");
        }
    }
}
