package dev.weft.testapps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Code that {@link HostileNamesApp} loads in a class loader of its own and then discards: it starts a
 * {@link Thread} subclass, a plain thread running one of its lambdas, and a thread pool whose factory
 * and tasks are its classes, all with its loader as their context class loader, and waits until every
 * one of them has ended. Uses JDK classes only (its loader's parent is the platform loader).
 */
public final class LoaderPayload implements Runnable {

    /** How long each thread stays alive: several monitor ticks of the test's settings. */
    static final long ALIVE_MILLIS = 600;

    /** A thread whose class is the discarded loader's. */
    static final class PayloadThread extends Thread {
        PayloadThread(String name) {
            super(name);
        }

        @Override
        public void run() {
            nap();
        }
    }

    /** A factory whose class is the discarded loader's. */
    static final class Factory implements ThreadFactory {
        private int n;

        @Override
        public synchronized Thread newThread(Runnable r) {
            return new Thread(r, "payload-pool\n\"" + (++n) + "\"");
        }
    }

    public LoaderPayload() {
    }

    static void nap() {
        try {
            new CountDownLatch(1).await(ALIVE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(getClass().getClassLoader());
        try {
            Thread sub = new PayloadThread("payload\n\"subclass\"");
            Thread lambda = new Thread(() -> nap(), "payload\\lambda");
            sub.start();
            lambda.start();
            ExecutorService pool = Executors.newFixedThreadPool(2, new Factory());
            for (int i = 0; i < 4; i++) {
                pool.execute(() -> nap());
            }
            pool.shutdown();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("payload pool did not end");
            }
            sub.join();
            lambda.join();
        } catch (InterruptedException e) {
            current.interrupt();
        } finally {
            current.setContextClassLoader(before);
        }
    }
}
