package dev.weft.testapps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lock-order deadlocks on command. Prints {@code ready}, then answers {@link Control} commands:
 * {@code deadlock lock} (two threads, {@code dl-lock-a} and {@code dl-lock-b}, take two
 * {@link ReentrantLock}s in opposite orders) or {@code deadlock sync} (the same with
 * {@code synchronized}, threads {@code dl-sync-a}/{@code dl-sync-b}). Each thread prints
 * {@code <name> waits at DeadlockApp.java:<line>} just before the acquisition that never returns.
 */
public final class DeadlockApp {

    private DeadlockApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        Control.serve(line -> {
            if (line.equals("deadlock lock")) {
                lockOrder();
                return true;
            }
            if (line.equals("deadlock sync")) {
                syncOrder();
                return true;
            }
            return false;
        });
    }

    /** The caller's line number. */
    private static int line() {
        return new Throwable().getStackTrace()[1].getLineNumber();
    }

    private static void say(String what) {
        synchronized (System.out) {
            System.out.println(Thread.currentThread().getName() + " waits at DeadlockApp.java:" + what);
            System.out.flush();
        }
    }

    private static void lockOrder() {
        ReentrantLock first = new ReentrantLock();
        ReentrantLock second = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        start("dl-lock-a", () -> {
            first.lock();
            await(bothHoldOne);
            say(String.valueOf(line() + 1));
            second.lock();
        });
        start("dl-lock-b", () -> {
            second.lock();
            await(bothHoldOne);
            say(String.valueOf(line() + 1));
            first.lock();
        });
    }

    private static void syncOrder() {
        Object first = new Object();
        Object second = new Object();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        start("dl-sync-a", () -> {
            synchronized (first) {
                await(bothHoldOne);
                // One line below: HotSpot reports a thread blocked entering a monitor at the line of the
                // block's first statement, not at the synchronized statement itself.
                say(String.valueOf(line() + 1));
                synchronized (second) { System.out.println("unreachable"); }
            }
        });
        start("dl-sync-b", () -> {
            synchronized (second) {
                await(bothHoldOne);
                say(String.valueOf(line() + 1));
                synchronized (first) { System.out.println("unreachable"); }
            }
        });
    }

    private static void await(CountDownLatch latch) {
        latch.countDown();
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
