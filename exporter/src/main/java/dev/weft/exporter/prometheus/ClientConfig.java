package dev.weft.exporter.prometheus;

import io.prometheus.metrics.config.ExporterFilterProperties;
import io.prometheus.metrics.config.ExporterHttpServerProperties;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.config.PrometheusProperties;

/**
 * Keeps the application's Prometheus settings away from Weft's copy of client_java.
 *
 * <p>{@code PrometheusProperties.get()}, which every client_java builder and handler uses when it
 * is not given properties, merges {@code prometheus.properties} from the <em>thread context class
 * loader</em>, the file named by {@code -Dprometheus.config} / {@code PROMETHEUS_CONFIG}, every
 * {@code io.prometheus*} system property and every {@code IO_PROMETHEUS*} environment variable.
 * Those belong to the application: {@code io.prometheus.exporter.httpServer.port} would even
 * override the port Weft binds, a name filter would empty Weft's scrape, and
 * {@code includeCreatedTimestamps} would add {@code _created} series. So Weft always passes
 * explicit properties.
 *
 * <p>Caveat: the class initialiser of {@code PrometheusProperties} still runs that loader once
 * (for the {@code get()} singleton), even when only {@code builder()} is used, and it throws on
 * an unknown {@code io.prometheus*} key or an unreadable {@code PROMETHEUS_CONFIG} file, leaving
 * the class unusable for the life of the JVM. Weft swaps the context class loader while that
 * happens (so the application's {@code prometheus.properties} is not read), and
 * {@link MetricsServer} turns a failure into one clear line.
 */
final class ClientConfig {

    private ClientConfig() {
    }

    /**
     * Weft's client_java settings, independent of the application's: no {@code _created} series,
     * no exemplars on counters and gauges, timestamps in seconds, no name filter, gzip when the
     * client asks for it, no port override.
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
}
