package dev.weft.agent;

import dev.weft.agent.config.Config;
import dev.weft.agent.config.Keys;
import dev.weft.exporter.prometheus.JvmCollectors;
import dev.weft.instrumentation.ledger.Ledger;
import dev.weft.exporter.prometheus.MetricsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import com.sun.net.httpserver.HttpHandler;
import dev.weft.bridge.WeftBridge;
import dev.weft.exporter.prometheus.ContentionHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
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
        JvmCollectors.registerWaits(registry, ledger);
        try {
            // /contention shows code (class and method names): served on loopback addresses only.
            Map<String, HttpHandler> endpoints = loopback(host)
                    ? Map.of(ContentionHandler.PATH, new ContentionHandler(ledger.locks().sites(),
                            formatDuration(config.get(Keys.LOCK_EVENT_THRESHOLD)), WeftBridge::countError))
                    : Map.of();
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

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** A duration as the configuration writes it (250ms, 30s). */
    private static String formatDuration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
