package dev.weft.exporter.prometheus;

import io.prometheus.metrics.config.ExporterFilterProperties;
import io.prometheus.metrics.config.ExporterHttpServerProperties;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;

/**
 * Keeps the application's Prometheus settings away from Weft's copy of client_java, and Weft's
 * copy of client_java away from the application's global state.
 *
 * <p><b>Configuration.</b> {@code PrometheusProperties.get()} (used by every client_java builder
 * that is not given properties) merges {@code prometheus.properties} from the <em>thread context
 * class loader</em>, the file named by {@code -Dprometheus.config} / {@code PROMETHEUS_CONFIG},
 * every {@code io.prometheus*} system property and every {@code IO_PROMETHEUS*} environment
 * variable. Those belong to the application: {@code io.prometheus.exporter.httpServer.port} would
 * even override the port Weft asked for, and {@code includeCreatedTimestamps} would add
 * {@code _created} series. So Weft always passes explicit properties.
 *
 * <p>Caveat: the class initialiser of {@code PrometheusProperties} runs that loader once anyway
 * (for the {@code get()} singleton), even when only {@code builder()} is used, and it throws on an
 * unknown {@code io.prometheus*} key or an unreadable {@code PROMETHEUS_CONFIG} file, which makes
 * the class unusable. Weft swaps the context class loader while that happens (so the
 * application's {@code prometheus.properties} is not read), and the caller turns any failure
 * into one clear line.
 *
 * <p><b>System properties.</b> The class initialiser of client_java's {@code HTTPServer} sets
 * {@code sun.net.httpserver.maxReqTime=60} and {@code sun.net.httpserver.maxRspTime=600} when
 * they are absent. Those are JVM-wide settings of {@code com.sun.net.httpserver}, read once, that
 * would also apply to the application's own JDK HTTP servers; Weft removes them again (only if
 * they were absent before and still hold client_java's values).
 */
final class ClientConfig {

    private static final String[][] HTTP_SERVER_PROPERTIES = {
            {"sun.net.httpserver.maxReqTime", "60"},
            {"sun.net.httpserver.maxRspTime", "600"},
    };

    private ClientConfig() {
    }

    /**
     * Weft's client_java settings, independent of the application's: no {@code _created} series,
     * no exemplars on counters/gauges, timestamps in seconds, no name filter, gzip when asked for,
     * no port override.
     */
    static synchronized PrometheusProperties properties() {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(ClientConfig.class.getClassLoader());
        try {
            return PrometheusProperties.builder()
                    .exporterProperties(ExporterProperties.builder()
                            .includeCreatedTimestamps(false)
                            .exemplarsOnAllMetricTypes(false)
                            .prometheusTimestampsInMs(false)
                            .build())
                    .exporterFilterProperties(ExporterFilterProperties.builder().build())
                    .exporterHttpServerProperties(ExporterHttpServerProperties.builder()
                            .preferUncompressedResponse(false)
                            .build())
                    .build();
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    /**
     * {@code HTTPServer.builder(properties)}, undoing the system properties that
     * {@code HTTPServer}'s class initialiser sets.
     */
    static synchronized HTTPServer.Builder httpServerBuilder(PrometheusProperties properties) {
        String[] before = new String[HTTP_SERVER_PROPERTIES.length];
        for (int i = 0; i < before.length; i++) {
            before[i] = readProperty(HTTP_SERVER_PROPERTIES[i][0]);
        }
        try {
            return HTTPServer.builder(properties);
        } finally {
            for (int i = 0; i < before.length; i++) {
                String key = HTTP_SERVER_PROPERTIES[i][0];
                if (before[i] == null && HTTP_SERVER_PROPERTIES[i][1].equals(readProperty(key))) {
                    try {
                        System.clearProperty(key);
                    } catch (RuntimeException ignored) {
                        // a security manager said no: leave client_java's value
                    }
                }
            }
        }
    }

    private static String readProperty(String key) {
        try {
            return System.getProperty(key);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
