package dev.weft.testapps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The line protocol the child-JVM tests use to talk to a scenario program: the program prints
 * {@code ready ...} when its scenario is set up, then answers commands read from standard input.
 * <ul>
 *   <li>{@code count} → {@code count <ThreadMXBean.getThreadCount()>}</li>
 *   <li>{@code jvm} → {@code jvm threads=N daemon=N peak=N started=N gc=<name>:<count>:<ms>;...} — the
 *       application's own ThreadMXBean and GarbageCollectorMXBean figures</li>
 *   <li>{@code gc} → runs {@code System.gc()} and answers {@code gc done}</li>
 *   <li>{@code exit <code>} → exits with that code</li>
 * </ul>
 * End of input exits with code 0. Unknown commands print {@code unknown <line>}.
 */
public final class Control {

    private Control() {
    }

    /** Answers commands until told to exit; {@code extra} handles program-specific commands. */
    public static void serve(Extra extra) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.equals("count")) {
                System.out.println("count " + ManagementFactory.getThreadMXBean().getThreadCount());
            } else if (line.equals("jvm")) {
                System.out.println(jvm());
            } else if (line.equals("gc")) {
                System.gc();
                System.out.println("gc done");
            } else if (line.startsWith("exit")) {
                String[] parts = line.split(" ");
                System.out.flush();
                System.exit(parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
            } else if (extra == null || !extra.handle(line)) {
                System.out.println("unknown " + line);
            }
            System.out.flush();
        }
        System.exit(0);
    }

    /** The application's own view of its threads and collectors, on one line. */
    static String jvm() {
        var threads = ManagementFactory.getThreadMXBean();
        StringBuilder b = new StringBuilder("jvm threads=").append(threads.getThreadCount())
                .append(" daemon=").append(threads.getDaemonThreadCount())
                .append(" peak=").append(threads.getPeakThreadCount())
                .append(" started=").append(threads.getTotalStartedThreadCount())
                .append(" gc=");
        String sep = "";
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            b.append(sep).append(gc.getName()).append(':').append(gc.getCollectionCount()).append(':')
                    .append(gc.getCollectionTime());
            sep = ";";
        }
        return b.toString();
    }

    /** Program-specific commands. */
    public interface Extra {
        /** @return whether the line was handled */
        boolean handle(String line);
    }
}
