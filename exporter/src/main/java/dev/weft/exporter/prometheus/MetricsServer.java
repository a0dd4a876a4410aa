package dev.weft.exporter.prometheus;

import dev.weft.bridge.WeftBridge;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Weft's HTTP endpoint: client_java's {@code HTTPServer} (on the JDK's
 * {@code com.sun.net.httpserver}) serving a private {@link PrometheusRegistry}.
 *
 * <ul>
 *   <li>{@code /metrics}: the registry, in Prometheus text format 0.0.4, OpenMetrics 1.0 or
 *       Prometheus protobuf, chosen by client_java from the {@code Accept} header (plain
 *       requests get 0.0.4); {@code ?debug=openmetrics|text|prometheus-protobuf} for browsers,
 *       {@code ?name[]=…} to filter, gzip on {@code Accept-Encoding: gzip}.</li>
 *   <li>{@code /-/healthy}: client_java's health handler, 200 "Exporter is healthy."</li>
 *   <li>{@code /}: an HTML index of the endpoints and the agent's status lines; any other path
 *       that no endpoint claims gets 404.</li>
 * </ul>
 *
 * <p><b>Threads.</b> Requests run on at most {@value #MAX_THREADS} daemon threads named
 * {@code weft-http-<n>} (idle ones end after a minute) with a queue of {@value #QUEUE_CAPACITY};
 * when both are full the JDK server closes the new connection instead of queueing without bound.
 * The JDK server adds a {@code HTTP-Dispatcher} thread and an {@code idle-timeout-task} timer
 * thread (daemon). The dispatcher inherits its daemon status from the thread that calls
 * {@code HttpServer.start()}; client_java 1.8.0 makes that call on one of the
 * {@code weft-http-<n>} threads, so it is daemon either way, but <b>call {@link #start} from a
 * daemon thread</b> (the agent's own) so that a client_java that starts the JDK server directly
 * cannot leave a non-daemon thread that keeps the application's JVM alive.
 *
 * <p><b>Isolation.</b> The server uses explicit client_java properties, so the application's
 * {@code io.prometheus.*} settings ({@code prometheus.properties}, system properties,
 * {@code IO_PROMETHEUS_*} variables) cannot change its port, filters or output, and it undoes
 * the JVM-wide {@code sun.net.httpserver.*} properties client_java sets on first use.
 */
public final class MetricsServer implements Closeable {

    /** Upper bound of request threads. */
    static final int MAX_THREADS = 4;
    /** Requests that may wait for a thread; beyond that, connections are closed. */
    static final int QUEUE_CAPACITY = 16;
    /** Name prefix of the request threads. */
    static final String THREAD_NAME_PREFIX = "weft-http-";

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger(1);

    private final HTTPServer server;
    private final ThreadPoolExecutor executor;
    private volatile boolean closed;

    private MetricsServer(HTTPServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code host:port} and starts serving {@code registry}.
     *
     * <p>Call it from a daemon thread (see the class documentation). Enabling or disabling the
     * endpoint ({@code port=0} in the agent's configuration) is the caller's business; here port
     * {@code 0} binds an ephemeral port, which {@link #port()} reports.
     *
     * @param host        the address to bind, e.g. {@code "127.0.0.1"}
     * @param port        the port, {@code 0}–{@code 65535}
     * @param registry    Weft's private registry (never {@code PrometheusRegistry.defaultRegistry})
     * @param statusLines lines shown on the index page, HTML-escaped; called on every request
     *                    for {@code /}, on a request thread; a failure is counted, not shown
     * @return the running server
     * @throws IOException with a one-line message meant to be printed as is, e.g. {@code weft:
     *                     cannot serve metrics on 127.0.0.1:9797: address already in use}
     * @throws IllegalArgumentException if {@code registry} is the default registry
     */
    public static MetricsServer start(String host, int port, PrometheusRegistry registry,
                                      Supplier<List<String>> statusLines) throws IOException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(statusLines, "statusLines");
        if (registry == PrometheusRegistry.defaultRegistry) {
            throw new IllegalArgumentException(
                    "weft: the metrics server needs a private registry, not PrometheusRegistry.defaultRegistry");
        }
        String where = hostAndPort(host, port);
        if (port < 0 || port > 65535) {
            throw new IOException("weft: cannot serve metrics on " + where + ": port must be between 0 and 65535");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw failure(where, "unknown host", e);
        }
        PrometheusProperties properties;
        HTTPServer.Builder builder;
        try {
            properties = ClientConfig.properties();
            builder = ClientConfig.httpServerBuilder(properties);
        } catch (Throwable t) { // ExceptionInInitializerError, NoClassDefFoundError, PrometheusPropertiesException
            throw failure(where, "the Prometheus client could not initialise: " + describe(rootCause(t)), t);
        }
        Runnable onError = WeftBridge::countError;
        ThreadPoolExecutor executor = newExecutor(onError);
        try {
            HTTPServer server = builder
                    .inetAddress(address)
                    .port(port)
                    .registry(registry)
                    .executorService(executor)
                    .metricsHandlerPath("/metrics")
                    .registerHealthHandler(true)
                    .defaultHandler(new IndexHandler(statusLines, onError))
                    .buildAndStart();
            return new MetricsServer(server, executor);
        } catch (BindException e) {
            executor.shutdownNow();
            String message = e.getMessage();
            boolean inUse = message != null && message.toLowerCase(Locale.ROOT).contains("in use");
            throw failure(where, inUse ? "address already in use" : describe(e), e);
        } catch (Throwable t) {
            executor.shutdownNow();
            throw failure(where, describe(rootCause(t)), t);
        }
    }

    /** The port actually bound (useful after asking for port 0). */
    public int port() {
        return server.getPort();
    }

    /**
     * Stops accepting connections, closes the socket and lets the request threads end.
     * Idempotent; never throws.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (Throwable t) {
            WeftBridge.countError();
        } finally {
            executor.shutdownNow();
        }
    }

    private static ThreadPoolExecutor newExecutor(Runnable onError) {
        ThreadFactory threads = runnable -> {
            Thread t = new Thread(runnable, THREAD_NAME_PREFIX + THREAD_NUMBER.getAndIncrement());
            t.setDaemon(true);
            // Not the application's loader of whichever thread happened to create this one.
            t.setContextClassLoader(MetricsServer.class.getClassLoader());
            t.setUncaughtExceptionHandler((thread, e) -> {
                try {
                    onError.run();
                } catch (Throwable ignored) {
                    // nothing left to do; never print
                }
            });
            return t;
        };
        // The JDK dispatcher catches this, logs it at TRACE and closes the connection.
        RejectedExecutionHandler reject = (runnable, executor) -> {
            throw new RejectedExecutionException("weft: metrics server busy");
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS,
                60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY), threads, reject);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static String hostAndPort(String host, int port) {
        boolean ipv6Literal = host.indexOf(':') >= 0 && !host.startsWith("[");
        return (ipv6Literal ? "[" + host + "]" : host) + ":" + port;
    }

    private static IOException failure(String where, String reason, Throwable cause) {
        return new IOException("weft: cannot serve metrics on " + where + ": " + reason, cause);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        for (int i = 0; i < 10 && c.getCause() != null && c.getCause() != c; i++) {
            c = c.getCause();
        }
        return c;
    }

    /** A one-line, lower-case-initial description of a failure. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        message = message.replaceAll("\\s+", " ").trim();
        if (message.length() > 1 && Character.isUpperCase(message.charAt(0))
                && !Character.isUpperCase(message.charAt(1))) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        return message;
    }
}
