package dev.weft.testapps.bench;

import java.util.concurrent.TimeUnit;

/**
 * Holds a benchmark back until the agent, if one is attached, has finished installing.
 *
 * <p>Weft installs on its own {@code weft-init} thread while the application starts; that takes
 * seconds of CPU and allocates hundreds of megabytes (Byte Buddy, the JFR stream). A benchmark that
 * starts measuring meanwhile charges all of it to the code under test: a quick run of a 100 µs
 * park "allocated" 3 KB per operation with the agent, none of it on the parking thread. Every
 * benchmark class calls {@link #await()} from its static initializer, which JMH runs in the forked
 * JVM before the first warm-up iteration. Without the agent there is no {@code weft-init} thread
 * and it returns at once.
 */
public final class AgentReady {

    private static final long DEADLINE_SECONDS = 120;

    private AgentReady() {
    }

    /** Returns once no {@code weft-init} thread is alive (or after two minutes, saying so). */
    public static void await() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (installing()) {
            if (System.nanoTime() > end) {
                System.err.println("AgentReady: weft-init still running after " + DEADLINE_SECONDS + " s; measuring anyway");
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean installing() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("weft-init") && t.isAlive());
    }
}
