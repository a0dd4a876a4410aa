package dev.weft.testapps;

import java.lang.management.ManagementFactory;

/**
 * Prints how long after the JVM started {@code main} was entered ({@code to-main-ms=N}) and exits.
 * Run with and without the agent, the difference is how long premain held the application up.
 * With a linger time, the process lives long enough for the agent to finish installing, so its
 * CPU time includes the whole installation.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    /** {@code args[0]}: milliseconds to stay alive after printing (default 0). */
    public static void main(String[] args) throws InterruptedException {
        long now = System.currentTimeMillis();
        long start = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("to-main-ms=" + (now - start));
        if (args.length > 0) {
            Thread.sleep(Long.parseLong(args[0]));
        }
    }
}
