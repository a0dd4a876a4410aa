package dev.weft.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code test-apps} program in a child JVM, optionally with the agent attached. Both output
 * streams are drained continuously into line lists; every wait has a deadline.
 */
final class ChildJvm implements AutoCloseable {

    static final Path AGENT_JAR = Path.of(System.getProperty("weft.agent.jar", "target/weft-agent.jar"));
    static final Path APPS_JAR = Path.of(System.getProperty("weft.testapps.jar",
            "../test-apps/target/weft-test-apps.jar"));
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Writer stdin;
    private final String description;
    private final Thread outDrain;
    private final Thread errDrain;

    private ChildJvm(Process process, String description) {
        this.process = process;
        this.description = description;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.outDrain = drain(process.getInputStream(), out, "out");
        this.errDrain = drain(process.getErrorStream(), err, "err");
    }

    /** Builder-ish entry point. */
    static Spec of(Jdk jdk, String mainClass) {
        return new Spec(jdk.require(), mainClass);
    }

    static final class Spec {
        private final Jdk jdk;
        private final String mainClass;
        private String agentArgs;
        private boolean agent;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String classPath = APPS_JAR.toString();

        Spec(Jdk jdk, String mainClass) {
            this.jdk = jdk;
            this.mainClass = mainClass;
        }

        /** Attaches the agent with these options ({@code null} for none). */
        Spec agent(String options) {
            this.agent = true;
            this.agentArgs = options;
            return this;
        }

        Spec jvmArg(String... a) {
            jvmArgs.addAll(List.of(a));
            return this;
        }

        Spec args(String... a) {
            args.addAll(List.of(a));
            return this;
        }

        /** Adds the program's own libraries (test-apps/target/lib/*) to the class path. */
        Spec withAppLibs() {
            classPath = classPath + java.io.File.pathSeparator + APPS_JAR.getParent().resolve("lib") + "/*";
            return this;
        }

        ChildJvm start() throws IOException {
            if (!Files.isRegularFile(AGENT_JAR)) {
                throw new IllegalStateException("agent jar missing: " + AGENT_JAR + " (run mvn package)");
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(jdk.java().toString());
            cmd.add("-Xmx256m");
            if (agent) {
                cmd.add("-javaagent:" + AGENT_JAR + (agentArgs == null ? "" : "=" + agentArgs));
            }
            // (Agents given with jvmArg(...) instead are attached in the order given.)
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(mainClass);
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            // The child must not inherit agent settings from the test's own environment.
            pb.environment().keySet().removeIf(k -> k.startsWith("WEFT_") || k.startsWith("OTEL_")
                    || k.equals("JAVA_TOOL_OPTIONS")
                    || k.equals("JDK_JAVA_OPTIONS"));
            return new ChildJvm(pb.start(), String.join(" ", cmd));
        }
    }

    private static Thread drain(InputStream in, List<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (sink) {
                        sink.add(line);
                        sink.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "drain-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Sends one command line to the program's stdin. */
    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Waits for a stdout line matching the predicate, at most {@link #DEADLINE}. */
    String awaitOut(Predicate<String> p) throws InterruptedException {
        return await(out, p, 0);
    }

    /** Waits for a stdout line matching the predicate among lines after index {@code from}. */
    String awaitOut(Predicate<String> p, int from) throws InterruptedException {
        return await(out, p, from);
    }

    String awaitErr(Predicate<String> p) throws InterruptedException {
        return await(err, p, 0);
    }

    int outSize() {
        synchronized (out) {
            return out.size();
        }
    }

    private String await(List<String> lines, Predicate<String> p, int from) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        synchronized (lines) {
            while (true) {
                for (int i = from; i < lines.size(); i++) {
                    if (p.test(lines.get(i))) {
                        return lines.get(i);
                    }
                }
                long left = end - System.nanoTime();
                boolean ended = !process.isAlive() && !outDrain.isAlive() && !errDrain.isAlive();
                if (left <= 0 || ended) {
                    throw new AssertionError("no matching line " + (ended ? "before the process ended" : "within "
                            + DEADLINE) + " from " + description
                            + "\nstdout: " + out() + "\nstderr: " + err());
                }
                // Woken by every new line; the bounded wait notices a process that ended silently.
                lines.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    /** The application's own {@code ThreadMXBean.getThreadCount()}, asked over stdin. */
    long threadCount() throws IOException, InterruptedException {
        int from = outSize();
        send("count");
        String line = awaitOut(l -> l.startsWith("count "), from);
        return Long.parseLong(line.substring("count ".length()));
    }

    /** A figure read from the agent. */
    interface Reading {
        long read() throws Exception;
    }

    /**
     * Asserts that {@code reading} equals the application's thread count at the same moment: the
     * application's count is taken just before and just after the reading, and the comparison is
     * made on the first round (within the deadline) in which those two agree, i.e. no thread
     * started or ended meanwhile (a scrape may start an HTTP thread, a pool may retire one).
     *
     * @return the agreed count
     */
    long assertEqualsThreadCount(String what, Reading reading) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        String last = "no round completed";
        while (System.nanoTime() < end) {
            long before = threadCount();
            long value = reading.read();
            long after = threadCount();
            if (before == after) {
                if (value != before) {
                    throw new AssertionError(what + ": agent says " + value + ", the application's ThreadMXBean says "
                            + before);
                }
                return before;
            }
            last = "the application's count moved from " + before + " to " + after;
        }
        throw new AssertionError(what + ": never quiescent within " + DEADLINE + ": " + last);
    }

    /** Waits for the process to end and for both streams to be drained; returns its exit code. */
    int waitFor() throws InterruptedException {
        if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not exit within " + DEADLINE + ": " + description + "\nstderr: " + err());
        }
        // The drain threads end at end-of-stream: after that, every line is in.
        outDrain.join(10_000);
        errDrain.join(10_000);
        return process.exitValue();
    }

    List<String> out() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    List<String> err() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    /** The agent's lines on stderr. */
    List<String> weftLines() {
        return err().stream().filter(l -> l.startsWith("weft")).toList();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port free right now on 127.0.0.1 (it may be taken by the time it is used, rarely). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
