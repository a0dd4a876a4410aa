package dev.weft.exporter.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The handler of the server's root context. The JDK server routes every path that no other
 * context claims to the {@code "/"} context, so this handler serves the index page for exactly
 * {@code /} and answers 404 for anything else (client_java's own default handler would answer
 * every unknown path with its index page and 200).
 *
 * <p>The page lists the endpoints and the agent's status lines, HTML-escaped. A failing status
 * supplier is counted and the page still served. Nothing is ever thrown to the JDK server or
 * printed.
 */
final class IndexHandler implements HttpHandler {

    static final String CONTENT_TYPE_HTML = "text/html; charset=utf-8";
    static final String CONTENT_TYPE_TEXT = "text/plain; charset=utf-8";
    private static final long MAX_DRAIN_BYTES = 64 * 1024;

    private final Supplier<List<String>> statusLines;
    private final Runnable onError;

    IndexHandler(Supplier<List<String>> statusLines, Runnable onError) {
        this.statusLines = Objects.requireNonNull(statusLines, "statusLines");
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            drain(exchange.getRequestBody());
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!"/".equals(path)) {
                respond(exchange, 404, CONTENT_TYPE_TEXT, "Not found.\n", method);
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, CONTENT_TYPE_TEXT, "Method not allowed.\n", method);
            } else {
                respond(exchange, 200, CONTENT_TYPE_HTML, page(), method);
            }
        } catch (IOException e) {
            // The client went away: nothing to report, and nothing the application should see.
        } catch (Throwable t) {
            failed();
        } finally {
            try {
                exchange.close();
            } catch (Throwable ignored) {
                // already closed or the connection is gone
            }
        }
    }

    /** The index page, for tests and for {@link #handle}. */
    String page() {
        StringBuilder html = new StringBuilder(1024);
        html.append("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>Weft</title></head>\n<body>\n")
                .append("<h1>Weft</h1>\n")
                .append("<h2>Endpoints</h2>\n<ul>\n")
                .append("<li><a href=\"/metrics\">/metrics</a>: Prometheus metrics; text format 0.0.4, OpenMetrics"
                        + " or protobuf by the <code>Accept</code> header")
                .append(" (in a browser: <a href=\"/metrics?debug=openmetrics\">OpenMetrics</a>,")
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
            if (lines != null) {
                // Copy, and refuse nulls, before rendering: a list that changes under us or
                // holds null is a supplier failure.
                return List.copyOf(lines);
            }
            return List.of();
        } catch (Throwable t) {
            failed();
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

    private static void respond(HttpExchange exchange, int status, String contentType, String body,
                                String method) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(method)) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Reads and discards a small request body so that the connection can be reused. */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[512];
        long left = MAX_DRAIN_BYTES;
        int n;
        while (left > 0 && (n = in.read(buffer)) >= 0) {
            left -= n; // a larger body is not read: closing the exchange then drops the connection
        }
    }

    private void failed() {
        try {
            onError.run();
        } catch (Throwable ignored) {
            // nothing left to do
        }
    }
}
