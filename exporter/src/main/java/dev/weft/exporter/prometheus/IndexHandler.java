package dev.weft.exporter.prometheus;

import static dev.weft.exporter.prometheus.Exchanges.CONTENT_TYPE_HTML;
import static dev.weft.exporter.prometheus.Exchanges.CONTENT_TYPE_TEXT;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The handler of the root context. The JDK server routes every path that no other context claims
 * to {@code "/"}, so this serves the index page for exactly {@code /} and 404 for anything else.
 *
 * <p>The page lists the endpoints and the agent's status lines, HTML-escaped. A failing status
 * supplier is counted and the page still served. Nothing is thrown to the JDK server or printed.
 */
final class IndexHandler implements HttpHandler {

    private final Supplier<List<String>> statusLines;
    private final Runnable onError;

    IndexHandler(Supplier<List<String>> statusLines, Runnable onError) {
        this.statusLines = Objects.requireNonNull(statusLines, "statusLines");
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            Exchanges.drain(exchange);
            if (!"/".equals(exchange.getRequestURI().getPath())) {
                Exchanges.respond(exchange, 404, CONTENT_TYPE_TEXT, "Not found.\n");
            } else if (Exchanges.readOnly(exchange)) {
                Exchanges.respond(exchange, 200, CONTENT_TYPE_HTML, page());
            }
        } catch (IOException e) {
            // The client went away: not a failure of the agent.
        } catch (Throwable t) {
            Exchanges.count(onError);
        } finally {
            Exchanges.closeQuietly(exchange);
        }
    }

    /** The index page. */
    String page() {
        StringBuilder html = new StringBuilder(1024);
        html.append("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>Weft</title></head>\n<body>\n")
                .append("<h1>Weft</h1>\n")
                .append("<h2>Endpoints</h2>\n<ul>\n")
                .append("<li><a href=\"/metrics\">/metrics</a>: Prometheus metrics; text format 0.0.4,"
                        + " OpenMetrics or protobuf by the <code>Accept</code> header (in a browser:")
                .append(" <a href=\"/metrics?debug=openmetrics\">OpenMetrics</a>,")
                .append(" <a href=\"/metrics?debug=text\">text</a>,")
                .append(" <a href=\"/metrics?debug=prometheus-protobuf\">protobuf as text</a>)</li>\n")
                .append("<li><a href=\"/-/healthy\">/-/healthy</a>: liveness of this endpoint</li>\n")
                .append("</ul>\n")
                .append("<h2>Status</h2>\n<ul>\n");
        for (String line : status()) {
            html.append("<li>").append(escape(line)).append("</li>\n");
        }
        html.append("</ul>\n</body>\n</html>\n");
        return html.toString();
    }

    private List<String> status() {
        try {
            List<String> lines = statusLines.get();
            // A copy, which also refuses null elements: a list that holds null is a supplier failure.
            return lines == null ? List.of() : List.copyOf(lines);
        } catch (Throwable t) {
            Exchanges.count(onError);
            return List.of("(status unavailable)");
        }
    }

    /** Escapes text for an HTML element body or a quoted attribute value. */
    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep;
            switch (c) {
                case '&': rep = "&amp;"; break;
                case '<': rep = "&lt;"; break;
                case '>': rep = "&gt;"; break;
                case '"': rep = "&quot;"; break;
                case '\'': rep = "&#39;"; break;
                default: rep = null;
            }
            if (rep != null) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(rep);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
