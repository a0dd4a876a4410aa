package dev.weft.agent;

import dev.weft.agent.config.Config;
import dev.weft.agent.config.Keys;
import com.sun.net.httpserver.HttpHandler;
import dev.weft.bridge.WeftBridge;
import dev.weft.exporter.prometheus.JvmCollectors;
import dev.weft.exporter.prometheus.LedgerCollectors;
import dev.weft.exporter.threads.FindingsHandler;
import dev.weft.exporter.threads.ThreadsHandler;
import dev.weft.instrumentation.ledger.Ledger;
import dev.weft.exporter.prometheus.MetricsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** Starts what leaves the process: the private registry and the HTTP endpoint. */
final class Exporters {

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
        LedgerCollectors.register(registry, ledger.threads(), ledger.findings());
        Map<String, HttpHandler> endpoints = new LinkedHashMap<>();
        // /threads and /findings reveal code (class names, lines, thread names): only on loopback until a
        // key to enable them elsewhere exists (DESIGN.md, "Endpoints").
        if (isLoopback(host)) {
            endpoints.put(ThreadsHandler.PATH,
                    new ThreadsHandler(ManagementFactory.getThreadMXBean(), ledger.threads(), WeftBridge::countError));
            endpoints.put(FindingsHandler.PATH, new FindingsHandler(ledger.findings(), WeftBridge::countError));
        }
        try {
            MetricsServer server = MetricsServer.start(host, port, registry, agent::status, endpoints);
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "http://" + h + ":" + server.port() + "/metrics";
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            Log.warn((msg.startsWith("weft: ") ? msg.substring("weft: ".length()) : msg)
                    + "; the HTTP endpoint is off, everything else keeps working");
            return null;
        }
    }

    /** Whether {@code host} names only loopback addresses (an unresolvable name counts as not loopback). */
    static boolean isLoopback(String host) {
        try {
            for (java.net.InetAddress a : java.net.InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
