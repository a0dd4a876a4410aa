package dev.weft.testapps;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts a known set of threads on command, so a test can compare the agent's per-group numbers
 * with what this program knows it did. Prints {@code ready}, then answers {@link Control} commands:
 * <ul>
 *   <li>{@code spawn} → starts 7 parked threads {@code alpha-<n>}, 3 parked {@code beta-<n>}, 5
 *       {@code gamma-<n>} that end (joined), a fixed pool of 4 {@code exec-<n>} workers that have all run
 *       a task, and one parked thread whose name is {@value #WEIRD}; prints
 *       {@code spawned alpha-site=ThreadGroupsApp.java:<line of the alpha start() call>}</li>
 *   <li>{@code virtual <n>} (JDK 21+) → starts n virtual threads that stay parked; prints
 *       {@code virtual-started <n>}</li>
 *   <li>{@code release-virtual} → lets them end and joins them; prints {@code virtual-done}</li>
 * </ul>
 */
public final class ThreadGroupsApp {

    /** A thread name with a quote, a backslash, a newline and non-ASCII. */
    public static final String WEIRD = "we\"ird\\name\nline2 \u00fc\u7dda";

    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static CountDownLatch virtualRelease = new CountDownLatch(1);
    private static final List<Thread> VIRTUAL = new ArrayList<>();

    private ThreadGroupsApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        Control.serve(line -> {
            try {
                if (line.equals("spawn")) {
                    System.out.println("spawned alpha-site=ThreadGroupsApp.java:" + spawn());
                } else if (line.startsWith("virtual ")) {
                    int n = Integer.parseInt(line.substring("virtual ".length()));
                    startVirtual(n);
                    System.out.println("virtual-started " + n);
                } else if (line.equals("release-virtual")) {
                    virtualRelease.countDown();
                    for (Thread t : VIRTUAL) {
                        t.join();
                    }
                    VIRTUAL.clear();
                    virtualRelease = new CountDownLatch(1);
                    System.out.println("virtual-done");
                } else {
                    return false;
                }
                return true;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void park() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the line of the {@code start()} call of the alpha threads */
    private static int spawn() throws Exception {
        int alphaLine = 0;
        for (int i = 1; i <= 7; i++) {
            Thread t = new Thread(ThreadGroupsApp::park, "alpha-" + i);
            t.setDaemon(true);
            t.start(); alphaLine = new Throwable().getStackTrace()[0].getLineNumber();
        }
        for (int i = 1; i <= 3; i++) {
            Thread t = new Thread(ThreadGroupsApp::park, "beta-" + i);
            t.setDaemon(true);
            t.start();
        }
        List<Thread> gammas = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Thread t = new Thread(() -> { }, "gamma-" + i);
            gammas.add(t);
            t.start();
        }
        for (Thread t : gammas) {
            t.join();
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "exec-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CountDownLatch ran = new CountDownLatch(4);
        CountDownLatch all = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            pool.execute(() -> {
                ran.countDown();
                try {
                    all.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        ran.await(30, TimeUnit.SECONDS);
        all.countDown();
        Thread weird = new Thread(ThreadGroupsApp::park, WEIRD);
        weird.setDaemon(true);
        weird.start();
        return alphaLine;
    }

    private static void startVirtual(int n) throws Exception {
        // Compiled for JDK 17: Thread.ofVirtual() through reflection.
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        java.lang.reflect.Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        CountDownLatch release = virtualRelease;
        for (int i = 0; i < n; i++) {
            VIRTUAL.add((Thread) start.invoke(builder, (Runnable) () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
    }
}
