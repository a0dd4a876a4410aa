package dev.weft.exporter.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * {@code /metrics}: client_java's {@link PrometheusScrapeHandler} (content negotiation between
 * text 0.0.4, OpenMetrics and protobuf, gzip, {@code ?name[]=} filters, {@code ?debug=} views)
 * behind Weft's own exchange adapter.
 *
 * <p>Why not client_java's {@code MetricsHandler}: its adapter answers a failed scrape with a
 * stack trace in the body, and when the client has gone away (a Prometheus scrape timeout) it
 * logs two SEVERE records with stack traces through {@code java.util.logging}, which the default
 * configuration prints on the application's stderr. Here a client that went away is ignored, and
 * any other failure is counted and answered with a one-line 500 if nothing was sent yet.
 */
final class ScrapeHandler implements HttpHandler {

    static final String PATH = "/metrics";

    private final PrometheusScrapeHandler scrape;
    private final Runnable onError;

    ScrapeHandler(PrometheusProperties properties, PrometheusRegistry registry, Runnable onError) {
        this.scrape = new PrometheusScrapeHandler(properties, registry);
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            Exchanges.drain(exchange);
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                Exchanges.respond(exchange, 404, Exchanges.CONTENT_TYPE_TEXT, "Not found.\n");
                return;
            }
            if (!Exchanges.readOnly(exchange)) {
                return;
            }
            scrape.handleRequest(new QuietExchange(exchange, onError));
        } catch (IOException e) {
            // The client went away.
        } catch (Throwable t) {
            Exchanges.count(onError);
        } finally {
            Exchanges.closeQuietly(exchange);
        }
    }

    /** Adapts a JDK exchange to client_java's exporter API; never logs, never sends stack traces. */
    static final class QuietExchange implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {

        private final HttpExchange exchange;
        private final Runnable onError;
        private boolean sent;

        QuietExchange(HttpExchange exchange, Runnable onError) {
            this.exchange = exchange;
            this.onError = onError;
        }

        @Override
        public PrometheusHttpRequest getRequest() {
            return this;
        }

        @Override
        public PrometheusHttpResponse getResponse() {
            return this;
        }

        @Override
        public String getQueryString() {
            return exchange.getRequestURI().getRawQuery();
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            List<String> values = exchange.getRequestHeaders().get(name);
            return values == null ? Collections.emptyEnumeration() : Collections.enumeration(values);
        }

        @Override
        public String getMethod() {
            return exchange.getRequestMethod();
        }

        @Override
        public String getRequestPath() {
            return exchange.getRequestURI().getRawPath();
        }

        @Override
        public void setHeader(String name, String value) {
            exchange.getResponseHeaders().set(name, value);
        }

        @Override
        public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) throws IOException {
            if (sent) {
                throw new IOException("response already sent");
            }
            sent = true;
            exchange.sendResponseHeaders(statusCode, contentLength);
            return exchange.getResponseBody();
        }

        /** Writing to the client failed: it went away (e.g. a scrape timeout). Nothing to report. */
        @Override
        public void handleException(IOException e) {
            // deliberately silent
        }

        /** Collecting or writing failed inside the agent: counted, and a one-line 500 if possible. */
        @Override
        public void handleException(RuntimeException e) {
            Exchanges.count(onError);
            if (sent) {
                return;
            }
            sent = true;
            try {
                Exchanges.respond(exchange, 500, Exchanges.CONTENT_TYPE_TEXT,
                        "weft: the scrape failed (" + e.getClass().getSimpleName()
                                + "); it was counted in weft_internal_errors_total\n");
            } catch (IOException | RuntimeException ignored) {
                // the client is gone as well
            }
        }

        @Override
        public void close() {
            Exchanges.closeQuietly(exchange);
        }
    }
}
