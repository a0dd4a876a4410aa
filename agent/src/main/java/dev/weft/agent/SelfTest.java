package dev.weft.agent;

import dev.weft.bridge.WeftBridge;
import dev.weft.instrumentation.HookPoint;
import dev.weft.instrumentation.TypeInstrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * After installation, drives a canary through every hook and names each one that did not fire,
 * so that a future JDK that renames a method makes Weft say so instead of running half-blind.
 * The canaries are a plain thread (start, exit) and, on JDK 21+, a one-thread pool (executors
 * start workers through {@code Thread.start(ThreadContainer)}).
 */
final class SelfTest {

    private static final long TIMEOUT_MS = 10_000;

    private SelfTest() {
    }

    /** @return the ids of expected hook points that did not fire; empty when all is well */
    static List<String> run(List<TypeInstrumentation> types, int jdkFeature) throws InterruptedException {
        long[] before = counts();
        Runnable noop = new Runnable() {
            @Override
            public void run() {
            }
        };
        Thread canary = new Thread(noop, "weft-selftest");
        canary.setDaemon(true);
        canary.start();
        canary.join(TIMEOUT_MS);

        if (jdkFeature >= 21) {
            ThreadFactory factory = new ThreadFactory() {
                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "weft-selftest-pool");
                    t.setDaemon(true);
                    return t;
                }
            };
            ExecutorService pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), factory);
            try {
                pool.execute(noop);
            } finally {
                pool.shutdown();
            }
            pool.awaitTermination(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }

        long[] after = counts();
        List<String> missing = new ArrayList<>();
        for (TypeInstrumentation t : types) {
            for (HookPoint h : t.hookPoints()) {
                if (h.bridgeHook() >= 0 && h.expectedOn(jdkFeature) && after[h.bridgeHook()] == before[h.bridgeHook()]) {
                    missing.add(h.id());
                }
            }
        }
        return missing;
    }

    private static long[] counts() {
        long[] c = new long[WeftBridge.HOOK_COUNT];
        for (int i = 0; i < c.length; i++) {
            c[i] = WeftBridge.hookCalls(i);
        }
        return c;
    }
}
