package dev.weft.exporter.prometheus;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Small helpers shared by Weft's HTTP handlers. None of them logs or prints. */
final class Exchanges {

    static final String CONTENT_TYPE_HTML = "text/html; charset=utf-8";
    static final String CONTENT_TYPE_TEXT = "text/plain; charset=utf-8";

    /** Request bodies up to this size are read (and discarded) so the connection can be reused. */
    private static final long MAX_DRAIN_BYTES = 64 * 1024;

    private Exchanges() {
    }

    /**
     * Sends a complete response. For {@code HEAD} the headers only, with length -1: the JDK
     * server logs a WARNING (printed on the application's stderr by default) when a HEAD
     * response is sent with a length, which client_java's own health handler does.
     */
    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Every Weft endpoint is read-only: answers 405 (with {@code Allow: GET, HEAD}) to any other
     * method.
     *
     * @return whether the method is GET or HEAD, i.e. whether the caller should go on
     */
    static boolean readOnly(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, CONTENT_TYPE_TEXT, "Method not allowed.\n");
        return false;
    }

    /** Reads and discards a small request body; a larger one is left unread (the connection is then dropped). */
    static void drain(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        byte[] buffer = new byte[512];
        long left = MAX_DRAIN_BYTES;
        int n;
        while (left > 0 && (n = in.read(buffer)) >= 0) {
            left -= n;
        }
    }

    /** Closes the exchange, ignoring failures (the client may be gone). */
    static void closeQuietly(HttpExchange exchange) {
        try {
            exchange.close();
        } catch (Throwable ignored) {
            // already closed, or the connection is gone
        }
    }

    /** Runs {@code onError}, ignoring its failure. */
    static void count(Runnable onError) {
        try {
            onError.run();
        } catch (Throwable ignored) {
            // nothing left to do
        }
    }
}
