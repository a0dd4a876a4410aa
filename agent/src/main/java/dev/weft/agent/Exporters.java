package dev.weft.agent;

import com.sun.net.httpserver.HttpHandler;
import dev.weft.agent.config.Config;
import dev.weft.agent.config.Keys;
import dev.weft.bridge.WeftBridge;
import dev.weft.exporter.prometheus.ContentionHandler;
import dev.weft.exporter.prometheus.ExecutorMetrics;
import dev.weft.exporter.prometheus.JvmCollectors;
import dev.weft.exporter.prometheus.LedgerCollectors;
import dev.weft.exporter.prometheus.MetricsServer;
import dev.weft.exporter.prometheus.Security;
import dev.weft.exporter.prometheus.SeriesDroppedCollector;
import dev.weft.exporter.threads.FindingsHandler;
import dev.weft.exporter.threads.ThreadsHandler;
import dev.weft.instrumentation.ledger.Ledger;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Starts what leaves the process: the private registry and the HTTP endpoint. */
final class Exporters {

    /** Endpoints that reveal code (stacks, class and thread names): gated by {@code endpoints.code}. */
    static final Set<String> CODE_ENDPOINTS = Set.of("/threads", "/findings", "/contention");

    private Exporters() {
    }

    /**
     * Registers the collectors on a private registry and serves it on {@code host:port}; must run on
     * a daemon thread (the JDK HTTP server's dispatcher inherits the caller's daemon status).
     *
     * @return the metrics URL, or null when {@code port=0} or when the server could not start (one
     *         warning line says why; everything else keeps working)
     */
    static String start(Config config, String version, Ledger ledger, Agent agent) {
        String host = config.get(Keys.HOST);
        int port = config.get(Keys.PORT);
        if (port == 0) {
            return null;
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmCollectors.registerDefaults(registry, version);
        JvmCollectors.registerWaits(registry, ledger);

        ExecutorMetrics.register(registry, ledger.executors());
        LedgerCollectors.register(registry, ledger.threads(), ledger.findings());
        // One family for every bounded label: thread groups, executors, GC causes.
        SeriesDroppedCollector.register(registry, List.of(WeftBridge::seriesDropped,
                ledger.executors()::seriesDropped, ledger.gcPauses()::seriesDropped));

        Security security;
        try {
            security = security(config);
        } catch (IllegalArgumentException e) {
            Log.warn(e.getMessage() + "; the HTTP endpoint is off, everything else keeps working");
            return null;
        }
        Map<String, HttpHandler> endpoints = new LinkedHashMap<>();
        endpoints.put(ThreadsHandler.PATH,
                new ThreadsHandler(ManagementFactory.getThreadMXBean(), ledger.threads(), WeftBridge::countError));
        endpoints.put(FindingsHandler.PATH, new FindingsHandler(ledger.findings(), WeftBridge::countError));
        endpoints.put(ContentionHandler.PATH, new ContentionHandler(ledger.locks().sites(),
                formatDuration(config.get(Keys.LOCK_EVENT_THRESHOLD)), WeftBridge::countError));
        boolean code = codeEndpoints(config.get(Keys.CODE_ENDPOINTS), host);
        endpoints.keySet().removeIf(path -> !code && CODE_ENDPOINTS.contains(path));
        try {
            MetricsServer server = MetricsServer.start(host, port, registry, agent::status, endpoints, security);
            String h = host.contains(":") ? "[" + host + "]" : host;
            return (security.tls() != null ? "https" : "http") + "://" + h + ":" + server.port() + "/metrics";
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            Log.warn((msg.startsWith("weft: ") ? msg.substring("weft: ".length()) : msg)
                    + "; the HTTP endpoint is off, everything else keeps working");
            return null;
        }
    }

    /**
     * Whether the code-revealing endpoints are served: {@code on}, {@code off}, or for {@code auto}
     * only when the endpoint listens on a loopback address (a wildcard address is not loopback).
     */
    static boolean codeEndpoints(String setting, String host) {
        switch (setting) {
            case "on":
                return true;
            case "off":
                return false;
            default:
                return isLoopback(host);
        }
    }

    /** Whether {@code host} names only loopback addresses (an unresolvable name counts as not loopback). */
    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Basic authentication and TLS from the configuration.
     *
     * @throws IllegalArgumentException with a one-line reason when they are asked for but unusable:
     *                                  the endpoint then stays off rather than run unprotected
     */
    static Security security(Config config) {
        String user = config.get(Keys.AUTH_USER);
        String password = config.get(Keys.AUTH_PASSWORD);
        if (!user.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException("auth.user is set but auth.password is empty");
        }
        String keystore = config.get(Keys.TLS_KEYSTORE);
        SSLContext tls = null;
        if (!keystore.isEmpty()) {
            char[] secret = config.get(Keys.TLS_KEYSTORE_PASSWORD).toCharArray();
            try {
                KeyStore store = KeyStore.getInstance(new File(keystore), secret);
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, secret);
                tls = SSLContext.getInstance("TLS");
                tls.init(keys.getKeyManagers(), null, null);
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot use tls.keystore=" + keystore + ": " + e);
            }
        }
        return new Security(user, password, tls);
    }

    /** A duration as the configuration writes it (250ms, 30s). */
    private static String formatDuration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
