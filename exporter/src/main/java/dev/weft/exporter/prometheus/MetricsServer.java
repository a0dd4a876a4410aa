package dev.weft.exporter.prometheus;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.HttpServer;
import dev.weft.bridge.WeftBridge;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Weft's HTTP endpoint: the JDK's {@code com.sun.net.httpserver} serving a private
 * {@link PrometheusRegistry} through client_java's scrape handler.
 *
 * <ul>
 *   <li>{@code /metrics}: the registry in Prometheus text format 0.0.4, OpenMetrics 1.0 or
 *       Prometheus protobuf, chosen by client_java's {@code PrometheusScrapeHandler} from the
 *       {@code Accept} header (anything else gets 0.0.4); also gzip on
 *       {@code Accept-Encoding: gzip}, {@code ?name[]=…} filters and
 *       {@code ?debug=openmetrics|text|prometheus-protobuf} for browsers.</li>
 *   <li>{@code /-/healthy}: 200, {@code "Exporter is healthy."} (client_java's wording).</li>
 *   <li>{@code /}: an HTML index of the endpoints and the agent's status lines. Every other path
 *       gets 404.</li>
 * </ul>
 *
 * <p><b>Why not client_java's {@code HTTPServer}.</b> In 1.8.0 it prints on the application's
 * stderr in two ordinary situations: a scraper that hangs up mid-response (a Prometheus scrape
 * timeout) makes its exchange adapter log two SEVERE stack traces through
 * {@code java.util.logging}, and a {@code HEAD /-/healthy} makes the JDK server log a WARNING
 * because its health handler sends a body length with a HEAD response. Its class initialiser
 * also sets the JVM-wide {@code sun.net.httpserver.maxReqTime}/{@code maxRspTime} properties,
 * which would apply to the application's own JDK HTTP servers. This class uses the same
 * negotiation code ({@code PrometheusScrapeHandler}) without those side effects.
 *
 * <p><b>Threads.</b> Requests run on at most {@value #MAX_THREADS} daemon threads named
 * {@code weft-http-<n>} (idle ones end after a minute) with a queue of {@value #QUEUE_CAPACITY};
 * when both are full the JDK server closes the new connection rather than queueing without
 * bound. The JDK server adds an {@code HTTP-Dispatcher} thread and an {@code idle-timeout-task}
 * timer thread. The timer is always daemon, but the dispatcher inherits its daemon status from the
 * thread that calls {@code HttpServer.start()}: a non-daemon dispatcher would keep the
 * application's JVM alive after {@code main} returns. This class creates and starts the JDK
 * server on one of its own daemon threads, so the dispatcher is daemon whoever calls
 * {@link #start}; still, <b>call {@link #start} from a daemon thread</b> (the agent's own), so
 * that this stays true if that detail ever changes.
 *
 * <p><b>Isolation.</b> client_java gets explicit properties (see {@code ClientConfig}), so the
 * application's {@code io.prometheus.*} settings cannot change the port, filter the scrape or add
 * {@code _created} series. Nothing here logs or prints; failures inside handlers are counted in
 * {@code weft_internal_errors_total}.
 */
public final class MetricsServer implements Closeable {

    /** Upper bound of request threads. */
    static final int MAX_THREADS = 4;
    /** Requests that may wait for a thread; beyond that, new connections are closed. */
    static final int QUEUE_CAPACITY = 16;
    /** Name prefix of the request threads. */
    static final String THREAD_NAME_PREFIX = "weft-http-";
    /** Listen backlog of the server socket. */
    static final int BACKLOG = 16;

    private static final long START_TIMEOUT_SECONDS = 30;
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger(1);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MetricsServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code host:port} and starts serving {@code registry}.
     *
     * <p>Call it from a daemon thread (see the class documentation). Whether the endpoint is
     * enabled at all ({@code port=0} in the agent's configuration) is the caller's business; here
     * port {@code 0} binds an ephemeral port, which {@link #port()} reports.
     *
     * @param host        the address to bind, e.g. {@code "127.0.0.1"}
     * @param port        the port, {@code 0}–{@code 65535}
     * @param registry    Weft's private registry (never {@code PrometheusRegistry.defaultRegistry})
     * @param statusLines lines for the index page, HTML-escaped there; called on a request thread
     *                    for every request of {@code /}; a failure is counted, not shown
     * @return the running server
     * @throws IOException with a one-line message meant to be printed as it is, e.g.
     *                     {@code weft: cannot serve metrics on 127.0.0.1:9797: address already in use}
     * @throws IllegalArgumentException if {@code registry} is the default registry
     */
    public static MetricsServer start(String host, int port, PrometheusRegistry registry,
                                      Supplier<List<String>> statusLines) throws IOException {
        return start(host, port, registry, statusLines, Map.of());
    }

    /**
     * Like {@link #start(String, int, PrometheusRegistry, Supplier)}, with further endpoints
     * (for example {@code /threads}); each path matches exactly, like the built-in ones. Handlers
     * run on the {@code weft-http} threads and must bound their own cost.
     *
     * @param endpoints path → handler, e.g. {@code "/threads"}
     * @return the running server
     * @throws IOException as for the four-argument form
     */
    public static MetricsServer start(String host, int port, PrometheusRegistry registry,
                                      Supplier<List<String>> statusLines,
                                      Map<String, HttpHandler> endpoints) throws IOException {
        return start(host, port, registry, statusLines, endpoints, Security.NONE);
    }

    /**
     * Like {@link #start(String, int, PrometheusRegistry, Supplier, Map)}, protected by
     * {@code security}: basic authentication on every path except {@code /-/healthy}, and HTTPS when
     * it carries a TLS context.
     *
     * @param security authentication and TLS; {@link Security#NONE} for neither
     * @return the running server
     * @throws IOException as for the four-argument form
     */
    public static MetricsServer start(String host, int port, PrometheusRegistry registry,
                                      Supplier<List<String>> statusLines,
                                      Map<String, HttpHandler> endpoints, Security security) throws IOException {
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(security, "security");
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
        Runnable onError = WeftBridge::countError;
        ScrapeHandler scrape;
        try {
            PrometheusProperties properties = ClientConfig.properties();
            scrape = new ScrapeHandler(properties, registry, onError);
        } catch (Throwable t) { // ExceptionInInitializerError / NoClassDefFoundError around PrometheusProperties
            throw failure(where, "the Prometheus client could not initialise: " + describe(rootCause(t)), t);
        }
        IndexHandler index = new IndexHandler(statusLines, onError);
        HealthHandler health = new HealthHandler(onError);
        InetSocketAddress bindTo = new InetSocketAddress(address, port);

        ThreadPoolExecutor executor = newExecutor(onError);
        Future<HttpServer> started = null;
        try {
            // Created and started on a weft-http thread: the JDK's dispatcher and timer threads
            // inherit that thread's daemon status and context class loader, not the caller's.
            started = executor.submit(() -> {
                HttpServer s;
                if (security.tls() != null) {
                    HttpsServer https = HttpsServer.create(bindTo, BACKLOG);
                    https.setHttpsConfigurator(new HttpsConfigurator(security.tls()));
                    s = https;
                } else {
                    s = HttpServer.create(bindTo, BACKLOG);
                }
                try {
                    s.setExecutor(executor);
                    protect(s.createContext("/", index), security);
                    protect(s.createContext(ScrapeHandler.PATH, scrape), security);
                    s.createContext(HealthHandler.PATH, health); // liveness probes carry no credentials
                    for (Map.Entry<String, HttpHandler> e : endpoints.entrySet()) {
                        protect(s.createContext(e.getKey(), e.getValue()), security);
                    }
                    s.start();
                    return s;
                } catch (RuntimeException | Error e) {
                    s.stop(0);
                    throw e;
                }
            });
            return new MetricsServer(started.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS), executor);
        } catch (ExecutionException e) {
            executor.shutdownNow();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof BindException) {
                String message = cause.getMessage();
                boolean inUse = message != null && message.toLowerCase(Locale.ROOT).contains("in use");
                throw failure(where, inUse ? "address already in use" : describe(cause), cause);
            }
            throw failure(where, describe(rootCause(cause)), cause);
        } catch (TimeoutException e) {
            started.cancel(true);
            executor.shutdownNow();
            throw failure(where, "no answer from the HTTP server within " + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
            throw failure(where, "interrupted while starting", e);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw failure(where, describe(e), e);
        }
    }

    private static void protect(HttpContext context, Security security) {
        if (security.authenticates()) {
            context.setAuthenticator(security.authenticator());
        }
    }

    /**
     * The port actually bound.
     *
     * @return the bound port; after asking for port 0, the ephemeral port the system chose
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops accepting connections, closes the socket and open connections, and ends the request
     * threads. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop(0);
        } catch (Throwable t) {
            Exchanges.count(WeftBridge::countError);
        } finally {
            executor.shutdownNow();
        }
    }

    private static ThreadPoolExecutor newExecutor(Runnable onError) {
        ThreadFactory threads = runnable -> {
            Thread t = new Thread(runnable, THREAD_NAME_PREFIX + THREAD_NUMBER.getAndIncrement());
            t.setDaemon(true);
            // Not the loader of whichever application thread happened to trigger the creation.
            t.setContextClassLoader(MetricsServer.class.getClassLoader());
            t.setUncaughtExceptionHandler((thread, e) -> Exchanges.count(onError)); // never print
            return t;
        };
        // The JDK dispatcher catches this, logs it at TRACE (not printed) and closes the connection.
        RejectedExecutionHandler reject = (runnable, pool) -> {
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

    /** A one-line description of a failure, starting in lower case. */
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
