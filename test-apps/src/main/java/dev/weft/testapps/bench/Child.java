package dev.weft.testapps.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test-apps program in a child JVM for the macro and memory benchmarks, with or without the
 * agent: stdout and stderr drained into line lists, commands sent on stdin (the
 * {@link dev.weft.testapps.Control} protocol), every wait bounded by a deadline.
 */
final class Child implements AutoCloseable {

    /** The agent jar: {@code -Dweft.agent.jar}, else {@code agent/target/weft-agent.jar}. */
    static Path agentJar() {
        Path agent = Path.of(System.getProperty("weft.agent.jar", "agent/target/weft-agent.jar")).toAbsolutePath();
        if (!Files.isRegularFile(agent)) {
            throw new IllegalStateException("agent jar not found: " + agent
                    + " (run from the repository root after mvn -B -DskipTests package, or -Dweft.agent.jar=...)");
        }
        return agent;
    }

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Writer stdin;
    private int consumed;
    /** The agent's endpoint, or -1 when started without the agent. */
    final int agentPort;

    private Child(Process process, int agentPort) {
        this.process = process;
        this.agentPort = agentPort;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        drain(process.getInputStream(), out);
        drain(process.getErrorStream(), err);
    }

    /**
     * Starts {@code mainClass} with this JVM's class path on {@code java}; with the agent (endpoint on a
     * free loopback port, quiet) when {@code agent} is true.
     */
    static Child start(String java, boolean agent, String agentExtra, List<String> jvmArgs, String mainClass,
            String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        int port = -1;
        if (agent) {
            port = freePort();
            cmd.add("-javaagent:" + agentJar() + "=port=" + port + ",quiet=true"
                    + (agentExtra == null || agentExtra.isEmpty() ? "" : "," + agentExtra));
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("WEFT_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS"));
        return new Child(pb.start(), port);
    }

    /** The java launcher of this JVM, or of {@code --java HOME} if the caller gave one. */
    static String java(String home) {
        String h = home == null ? System.getProperty("java.home") : home;
        return h + File.separator + "bin" + File.separator + "java";
    }

    long pid() {
        return process.pid();
    }

    /** Sends a command and returns the first new stdout line starting with {@code prefix}. */
    String ask(String command, String prefix, long timeoutMillis) throws IOException, InterruptedException {
        synchronized (out) {
            consumed = out.size();
        }
        stdin.write(command + "\n");
        stdin.flush();
        return await(prefix, timeoutMillis);
    }

    /** The first stdout line (not yet consumed) starting with {@code prefix}, waiting at most the timeout. */
    String await(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (out) {
            while (true) {
                for (int i = consumed; i < out.size(); i++) {
                    if (out.get(i).startsWith(prefix)) {
                        consumed = i + 1;
                        return out.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && consumed >= out.size()) {
                    throw new IllegalStateException("no '" + prefix + "' line from the child within "
                            + timeoutMillis + " ms; alive=" + process.isAlive() + "\nstdout: " + tail(out)
                            + "\nstderr: " + tail(err));
                }
                out.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** GET {@code path} on the agent's endpoint; the body, or throws on a non-200. */
    String agentGet(String path) throws IOException {
        return get("http://127.0.0.1:" + agentPort + path);
    }

    /** Waits until the agent's endpoint answers /-/healthy (the agent has finished installing). */
    void awaitAgent(long timeoutMillis) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            try {
                agentGet("/-/healthy");
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IOException("the agent's endpoint did not come up: " + e + "\nstderr: " + tail(err));
                }
                Thread.sleep(100);
            }
        }
    }

    static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(30000);
        try {
            int code = c.getResponseCode();
            if (code != 200) {
                throw new IOException(url + " answered " + code);
            }
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            c.disconnect();
        }
    }

    String stderrTail() {
        return tail(err);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stdin.write("exit 0\n");
            stdin.flush();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(List<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
    }

    private static void drain(InputStream in, List<String> sink) {
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
            synchronized (sink) {
                sink.notifyAll();
            }
        }, "drain");
        t.setDaemon(true);
        t.start();
    }
}
