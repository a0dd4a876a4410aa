package dev.weft.testapps;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything the Grafana dashboard shows, at once and continuously, so that every panel query has
 * data after a few scrapes: a thread pool whose tasks contend for a {@code ReentrantLock}, two
 * threads contending for a monitor longer than the JFR threshold, {@code Object.wait}, parks and
 * sleeps, a short-lived thread started every 100 ms, a 4 KB file written and read back every
 * 100 ms, {@code System.gc()} every second and, on JDK 21+, virtual threads started continuously.
 * Prints {@code ready} when all of it runs.
 *
 * <p>Commands (besides {@link Control}'s):
 * <ul>
 *   <li>{@code pin <n> <millis>} (JDK 21+) → {@code n} virtual threads, one after another, each
 *       initialises its own class whose static initialiser sleeps {@code millis}: a virtual thread
 *       that blocks inside a class initializer stays pinned to its carrier, on JDK 25 too (where
 *       {@code synchronized} no longer pins, JEP 491). Answers
 *       {@code pinned n=<n> sleptNanos=<the sleeps' total, measured inside the initialisers>},
 *       or {@code pinned unsupported} before JDK 21. At most {@link #PIN_CLASSES} pins per run.</li>
 *   <li>{@code vthreads} → {@code vthreads started=<n>}: virtual threads this program started.</li>
 *   <li>{@code retain <n>} → {@code retained <n>}: keeps a live set of {@code n} small linked objects
 *       (a long full GC with {@code gc}).</li>
 * </ul>
 * With the argument {@code quiet} none of the background activity runs: only the commands.
 */
public final class DashboardApp {

    /** Distinct classes available for pinning (each class initialises once). */
    static final int PIN_CLASSES = 4;

    static volatile long pinMillis;
    static final AtomicLong SLEPT_NANOS = new AtomicLong();
    private static final AtomicLong VIRTUAL_STARTED = new AtomicLong();
    private static int pinned;
    private static boolean quiet;
    private static Object[] retained;

    private DashboardApp() {
    }

    public static void main(String[] args) throws Exception {
        quiet = args.length > 0 && args[0].equals("quiet");
        Method startVirtual = startVirtualMethod();
        Object builder = startVirtual == null ? null : Thread.class.getMethod("ofVirtual").invoke(null);
        if (!quiet) {
            startWorkload(true);
        }
        System.out.println("ready");
        Control.serve(line -> {
            if (line.startsWith("pin ")) {
                String[] p = line.split(" ");
                System.out.println(pin(startVirtual, builder, Integer.parseInt(p[1]), Long.parseLong(p[2])));
                return true;
            }
            if (line.startsWith("retain ")) {
                retained = retain(Integer.parseInt(line.substring("retain ".length())));
                System.out.println("retained " + retained.length);
                return true;
            }
            if (line.equals("vthreads")) {
                System.out.println("vthreads started=" + VIRTUAL_STARTED.get());
                return true;
            }
            return false;
        });
    }

    /**
     * Starts the background activity on daemon threads and returns (the demo runs it too, so that
     * every dashboard panel has data while it runs).
     *
     * @param systemGc {@code System.gc()} every second (this program, for tests of the GC panels); without
     *                 it about 80 MB a second of short-lived garbage makes the young collections happen
     */
    public static void startWorkload(boolean systemGc) throws Exception {
        ReentrantLock lock = new ReentrantLock();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(64));
        loop("dash-feeder", () -> {
            // Back-pressure: on a loaded machine the two workers fall behind; a healthy service waits
            // rather than filling its queue until it rejects (which would be a real finding).
            if (pool.getQueue().remainingCapacity() < 16) {
                Thread.sleep(10);
                return;
            }
            for (int i = 0; i < 4; i++) {
                pool.execute(() -> {
                    lock.lock();
                    try {
                        LockSupport.parkNanos(1_000_000);
                    } finally {
                        lock.unlock();
                    }
                });
            }
            Thread.sleep(10);
        });
        Object monitor = new Object();
        for (int i = 0; i < 2; i++) {
            loop("dash-monitor-" + i, () -> {
                synchronized (monitor) {
                    Thread.sleep(30); // the other thread waits ~30 ms: above JFR's 20 ms monitor threshold
                }
            });
        }
        Object waitOn = new Object();
        loop("dash-waiter", () -> {
            synchronized (waitOn) {
                waitOn.wait(5);
            }
        });
        loop("dash-parker", () -> LockSupport.parkNanos(5_000_000));
        loop("dash-churner", () -> {
            Thread t = new Thread(() -> LockSupport.parkNanos(1_000_000), "dash-short");
            t.start();
            t.join();
            Thread.sleep(100);
        });
        loop("dash-gc", () -> {
            List<byte[]> garbage = new ArrayList<>();
            for (int i = 0; i < (systemGc ? 64 : 512); i++) {
                garbage.add(new byte[16 * 1024]);
            }
            if (systemGc) {
                System.gc();
            }
            Thread.sleep(systemGc ? (garbage.size() > 0 ? 1000 : 1001) // uses the garbage: not optimised away
                    : (garbage.size() > 0 ? 100 : 101));
        });
        java.nio.file.Path file = java.nio.file.Files.createTempFile("weft-dashboard", ".bin");
        file.toFile().deleteOnExit();
        byte[] block = new byte[4096];
        loop("dash-io", () -> {
            try (java.io.FileOutputStream out = new java.io.FileOutputStream(file.toFile())) {
                out.write(block);
            }
            try (java.io.FileInputStream in = new java.io.FileInputStream(file.toFile())) {
                in.readAllBytes();
            }
            Thread.sleep(100);
        });
        Method startVirtual = startVirtualMethod();
        Object builder = startVirtual == null ? null : Thread.class.getMethod("ofVirtual").invoke(null);
        if (startVirtual != null) {
            loop("dash-virtual", () -> {
                Thread v = (Thread) startVirtual.invoke(builder, (Runnable) () -> LockSupport.parkNanos(1_000_000));
                VIRTUAL_STARTED.incrementAndGet();
                v.join();
                Thread.sleep(20);
            });
        }
    }

    /** A live set of {@code n} small arrays chained to each other: long to mark, copy and compact. */
    private static Object[] retain(int n) {
        Object[] head = new Object[n];
        Object[] next = null;
        for (int i = 0; i < n; i++) {
            Object[] node = new Object[] {next, new long[2]};
            head[i] = node;
            next = node;
        }
        return head;
    }

    /** {@code Thread.Builder.start(Runnable)}, or null before JDK 21 (this program is compiled for 17). */
    private static Method startVirtualMethod() {
        try {
            Thread.class.getMethod("ofVirtual");
            return Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static String pin(Method startVirtual, Object builder, int n, long millis) {
        if (startVirtual == null) {
            return "pinned unsupported";
        }
        if (pinned + n > PIN_CLASSES) {
            return "pinned exhausted";
        }
        pinMillis = millis;
        SLEPT_NANOS.set(0);
        try {
            for (int i = 0; i < n; i++) {
                Runnable init;
                switch (pinned++) {
                    case 0: init = Pin0::touch; break;
                    case 1: init = Pin1::touch; break;
                    case 2: init = Pin2::touch; break;
                    default: init = Pin3::touch; break;
                }
                Thread v = (Thread) startVirtual.invoke(builder, init);
                VIRTUAL_STARTED.incrementAndGet();
                v.join();
            }
        } catch (Exception e) {
            return "pinned failed " + e;
        }
        return "pinned n=" + n + " sleptNanos=" + SLEPT_NANOS.get();
    }

    /** Sleeps {@link #pinMillis} and adds the time it measured around the sleep to {@link #SLEPT_NANOS}. */
    static void sleepInInitializer() {
        long t0 = System.nanoTime();
        try {
            Thread.sleep(pinMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SLEPT_NANOS.addAndGet(System.nanoTime() - t0);
    }

    static final class Pin0 {
        static {
            sleepInInitializer();
        }

        static void touch() {
        }
    }

    static final class Pin1 {
        static {
            sleepInInitializer();
        }

        static void touch() {
        }
    }

    static final class Pin2 {
        static {
            sleepInInitializer();
        }

        static void touch() {
        }
    }

    static final class Pin3 {
        static {
            sleepInInitializer();
        }

        static void touch() {
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /** A daemon thread that repeats {@code step} until interrupted. */
    private static void loop(String name, Step step) {
        if (quiet) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    step.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
