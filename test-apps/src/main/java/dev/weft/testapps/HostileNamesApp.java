package dev.weft.testapps;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Threads with hostile names, for the bad-input tests: every name in {@link #NAMES} is a live thread that
 * parks (so it is stuck after {@code stuck.threshold}), each at its own stack depth (so {@code /threads}
 * lists each in a group of its own); two more deadlock; a creation site leaks threads with a hostile
 * name; a churner starts, renames and ends threads while the agent scans; and a discarded class loader
 * starts threads and a pool. Prints {@code ready}, then answers {@link Control} commands:
 * <ul>
 *   <li>{@code start} → starts the parked threads, the deadlock ({@link #DEADLOCK_A}, {@link #DEADLOCK_B}),
 *       a pool whose workers are named {@link #POOL_PREFIX}{@code <n>} with one task parked in it, and the
 *       leaking site (a thread {@link #LEAK_PREFIX}{@code <n>} every 100 ms, each sleeping, until
 *       {@code leak-stop} or {@value #LEAK_MAX} in all); prints
 *       {@code started leak-site=HostileNamesApp.java:<line>}</li>
 *   <li>{@code leak-stop} → stops leaking; prints {@code leak-stopped}</li>
 *   <li>{@code churn on} / {@code churn off} → starts / stops (and joins) the churner: short-lived threads
 *       that rename themselves to hostile names many times and end; prints {@code churning} /
 *       {@code churned <threads started>}; {@code churn count} → {@code churn-count <threads started so far>}</li>
 *   <li>{@code loader} → loads {@link LoaderPayload} in a fresh {@link URLClassLoader} (parent: the platform
 *       loader), runs it (its threads and its pool end before it returns), drops every reference but a
 *       {@link WeakReference} and closes the loader; prints {@code loader done}</li>
 *   <li>{@code loader-gc} → runs {@code System.gc()} until the loader is collected or 20 s pass; prints
 *       {@code loader collected after <n> gcs} or {@code loader retained; live threads holding it: [<name>]…}</li>
 * </ul>
 */
public final class HostileNamesApp {

    /** A name made of one code unit {@code x} then 5000 threads (surrogate pairs): 10 001 chars. */
    public static final String LONG = "x" + "\uD83E\uDDF5".repeat(5000);

    /**
     * The parked threads' names: newline, quotes, backslash, tab, non-ASCII (a surrogate pair too), empty,
     * braces, Prometheus and JSON syntax, CR, NUL and ESC, Unicode line separators, a name that tries to
     * fake an indented detail line and a finding in the agent's log, and {@link #LONG}.
     */
    public static final List<String> NAMES = List.of(
            "a\nb",
            "quote\"d",
            "back\\slash",
            "tab\there",
            "\u00fcn\u00efc\u00f8d\u00e9-\u7dda\u7a0b-\uD83E\uDDF5",
            "",
            "}{",
            "x=\"y\",z",
            "cr\rnul\u0000esc\u001b[31mred",
            "{\"json\":[7,\"two\"],\"n\":null}",
            "prom{pool=\"other\"} 1\n# HELP fake fake\n# EOF",
            "inj\n    at evil.Fake.run(Evil.java:1)\nweft: deadlock: fake",
            "ls\u2028ps\u2029nel\u0085del\u007f",
            LONG);

    /** The deadlocked threads (ReentrantLocks taken in opposite orders). */
    public static final String DEADLOCK_A = "dead\nlock \"A\"";
    public static final String DEADLOCK_B = "dead\\lock-\u00fc-B";
    /** Pool workers' name prefix (the pool's name is this with {@code #}). */
    public static final String POOL_PREFIX = "po\"ol\\\n-";
    /** Leaked threads' name prefix (their group is this with {@code #}). */
    public static final String LEAK_PREFIX = "le\"ak\n\u00fc-";
    /** Leaked threads at most. */
    public static final int LEAK_MAX = 1000;

    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static final List<Thread> KEEP = new ArrayList<>();
    private static volatile boolean churning;
    private static volatile boolean leaking;
    private static Thread churner;
    private static final AtomicInteger CHURNED = new AtomicInteger();
    private static WeakReference<ClassLoader> loader;

    private HostileNamesApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        Control.serve(line -> {
            try {
                switch (line) {
                    case "start" -> System.out.println("started leak-site=HostileNamesApp.java:" + start());
                    case "leak-stop" -> {
                        leaking = false;
                        System.out.println("leak-stopped");
                    }
                    case "churn on" -> {
                        churn();
                        System.out.println("churning");
                    }
                    case "churn count" -> System.out.println("churn-count " + CHURNED.get());
                    case "churn off" -> {
                        churning = false;
                        churner.join();
                        System.out.println("churned " + CHURNED.get());
                    }
                    case "loader" -> {
                        loadAndDrop();
                        System.out.println("loader done");
                    }
                    case "loader-gc" -> System.out.println(collectLoader());
                    default -> {
                        return false;
                    }
                }
                return true;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Parks at stack depth {@code depth} (+ a constant), so that each thread has a stack of its own. */
    private static void parkAt(int depth) {
        if (depth > 0) {
            parkAt(depth - 1);
            return;
        }
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        KEEP.add(t);
        return t;
    }

    /** @return the line of the leaking {@code start()} call */
    private static int start() throws Exception {
        for (int i = 0; i < NAMES.size(); i++) {
            int depth = i;
            daemon(NAMES.get(i), () -> parkAt(depth)).start();
        }
        ReentrantLock first = new ReentrantLock();
        ReentrantLock second = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        // Different depths: different stacks, so /threads shows each in a group of its own.
        daemon(DEADLOCK_A, () -> lockBoth(first, second, bothHoldOne, 0)).start();
        daemon(DEADLOCK_B, () -> lockBoth(second, first, bothHoldOne, 1)).start();

        AtomicInteger workers = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, POOL_PREFIX + workers.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.execute(() -> parkAt(0));

        int[] line = new int[1];
        CountDownLatch lineKnown = new CountDownLatch(1);
        leaking = true;
        daemon("leaker", () -> {
            try {
                for (int i = 1; i <= LEAK_MAX && leaking; i++) {
                    Thread t = new Thread(HostileNamesApp::sleepForever, LEAK_PREFIX + i);
                    t.setDaemon(true);
                    t.start(); line[0] = new Throwable().getStackTrace()[0].getLineNumber();
                    lineKnown.countDown();
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
        lineKnown.await();
        return line[0];
    }

    private static void lockBoth(ReentrantLock a, ReentrantLock b, CountDownLatch bothHoldOne, int depth) {
        if (depth > 0) {
            lockBoth(a, b, bothHoldOne, depth - 1);
            return;
        }
        a.lock();
        bothHoldOne.countDown();
        try {
            bothHoldOne.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        b.lock();
    }

    private static void sleepForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts a thread every 5 ms (at most 4 alive at once); each renames itself to hostile names 20 times,
     * 2 ms apart, and ends: threads die and change names while the agent's scans run.
     */
    private static void churn() {
        churning = true;
        churner = daemon("churner", () -> {
            List<Thread> alive = new ArrayList<>();
            while (churning) {
                alive.removeIf(t -> !t.isAlive());
                if (alive.size() < 4) {
                    Thread t = new Thread(HostileNamesApp::renameAndEnd, "churn-" + CHURNED.incrementAndGet());
                    t.setDaemon(true);
                    t.start();
                    alive.add(t);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
            for (Thread t : alive) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        churner.start();
    }

    private static void renameAndEnd() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 20; i++) {
            Thread.currentThread().setName(NAMES.get(r.nextInt(NAMES.size())) + (r.nextBoolean() ? "" : "-" + i));
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs {@link LoaderPayload} from a class loader of its own, then lets go of that loader. */
    private static void loadAndDrop() throws Exception {
        URL jar = HostileNamesApp.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader l = new URLClassLoader("hostile-payload", new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        Class<?> c = l.loadClass(LoaderPayload.class.getName());
        if (c.getClassLoader() != l) {
            throw new IllegalStateException("payload not loaded by its own loader: " + c.getClassLoader());
        }
        ((Runnable) c.getConstructor().newInstance()).run();
        loader = new WeakReference<>(l);
        l.close();
    }

    private static String collectLoader() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int gcs = 0;
        while (System.nanoTime() < end) {
            System.gc();
            gcs++;
            if (loader.get() == null) {
                return "loader collected after " + gcs + " gcs";
            }
            Thread.sleep(100);
        }
        // Say what still holds it, where the application can see: live threads whose context loader it is.
        StringBuilder holders = new StringBuilder();
        ClassLoader l = loader.get();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (l != null && (t.getContextClassLoader() == l || t.getClass().getClassLoader() == l)) {
                holders.append(" [").append(t.getName().replace("\n", "\\n")).append(']');
            }
        }
        l = null;
        return "loader retained; live threads holding it:" + holders;
    }
}
