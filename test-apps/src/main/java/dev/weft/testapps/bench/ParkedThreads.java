package dev.weft.testapps.bench;

import dev.weft.testapps.Control;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@link HeapBench}'s child: starts N platform threads (default 10 000) that wait on one latch for
 * ever, prints {@code ready threads=N}, then serves the {@link Control} protocol plus {@code heap} →
 * {@code heap used=<bytes after full GCs> metaspace=<bytes>}.
 */
public final class ParkedThreads {

    private ParkedThreads() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        CountDownLatch never = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "parked-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        System.out.println("ready threads=" + threads.size());
        System.out.flush();
        Control.serve(line -> {
            if (line.equals("heap")) {
                System.out.println("heap used=" + HeapProbe.usedAfterGc() + " metaspace=" + HeapProbe.metaspaceUsed());
                return true;
            }
            return false;
        });
    }
}
