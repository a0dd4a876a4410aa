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

    /** Program-specific commands. */
    public interface Extra {
        /** @return whether the line was handled */
        boolean handle(String line);
    }
}
