package dev.weft.exporter.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Objects;

/**
 * {@code /-/healthy}: 200 with client_java's body, {@code "Exporter is healthy.\n"}. Unlike
 * client_java's {@code HealthyHandler} it answers {@code HEAD} without making the JDK server log
 * a warning, and it answers 404 for longer paths that the JDK's prefix matching would route here.
 */
final class HealthHandler implements HttpHandler {

    static final String PATH = "/-/healthy";
    static final String BODY = "Exporter is healthy.\n";

    private final Runnable onError;

    HealthHandler(Runnable onError) {
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            Exchanges.drain(exchange);
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                Exchanges.respond(exchange, 404, Exchanges.CONTENT_TYPE_TEXT, "Not found.\n");
            } else if (Exchanges.readOnly(exchange)) {
                Exchanges.respond(exchange, 200, Exchanges.CONTENT_TYPE_TEXT, BODY);
            }
        } catch (IOException e) {
            // The client went away.
        } catch (Throwable t) {
            Exchanges.count(onError);
        } finally {
            Exchanges.closeQuietly(exchange);
        }
    }
}
