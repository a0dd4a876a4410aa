package dev.weft.testapps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Starts a known set of threads and keeps them alive: {@code args[0]} parked platform threads
 * (default 25), a fixed pool of 4 whose workers have all run a task, and a single-thread scheduled
 * pool. Then prints {@code ready} and answers {@link Control} commands, so a test can compare the
 * agent's numbers with the application's own {@code ThreadMXBean} at the same moment.
 */
public final class ThreadCountApp {

    private ThreadCountApp() {
    }

    public static void main(String[] args) throws Exception {
        int parked = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < parked; i++) {
            Thread t = new Thread(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "parked-" + i);
            t.setDaemon(true);
            t.start();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        CountDownLatch allRan = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            pool.execute(() -> {
                allRan.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        allRan.await(30, TimeUnit.SECONDS);
        release.countDown();
        var scheduled = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ticker");
            t.setDaemon(true);
            return t;
        });
        scheduled.scheduleAtFixedRate(() -> { }, 0, 50, TimeUnit.MILLISECONDS);
        System.out.println("ready parked=" + parked);
        System.out.flush();
        Control.serve(null);
    }
}
