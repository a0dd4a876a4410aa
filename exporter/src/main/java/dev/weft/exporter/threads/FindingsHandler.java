package dev.weft.exporter.threads;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.weft.instrumentation.ledger.Finding;
import dev.weft.instrumentation.ledger.Findings;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code /findings}: the detectors' current findings and the recently cleared ones, as JSON:
 * {@code {"active":[…],"cleared":[…]}}, each with kind, key, summary, location, details and times
 * (ISO-8601 UTC). Reads the ledger only; costs nothing beyond formatting.
 */
public final class FindingsHandler implements HttpHandler {

    /** The path. */
    public static final String PATH = "/findings";

    private final Findings findings;
    private final Runnable onError;

    public FindingsHandler(Findings findings, Runnable onError) {
        this.findings = Objects.requireNonNull(findings);
        this.onError = Objects.requireNonNull(onError);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                ThreadsHandler.respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
                return;
            }
            ThreadsHandler.respond(exchange, 200, "application/json; charset=utf-8", json(findings));
        } catch (Throwable t) {
            ThreadsHandler.count(onError);
            try {
                ThreadsHandler.respond(exchange, 500, "text/plain; charset=utf-8", "weft: /findings failed\n");
            } catch (Throwable ignored) {
                // client gone
            }
        } finally {
            exchange.close();
        }
    }

    /** The document. */
    public static String json(Findings findings) {
        StringBuilder b = new StringBuilder("{\"monitorRuns\":").append(findings.runs()).append(",\"active\":");
        list(b, findings.active());
        b.append(",\"cleared\":");
        list(b, findings.cleared());
        return b.append('}').toString();
    }

    private static void list(StringBuilder b, List<Finding> fs) {
        b.append('[');
        for (int i = 0; i < fs.size(); i++) {
            Finding f = fs.get(i);
            b.append(i == 0 ? "" : ",")
                    .append("{\"kind\":").append(Escape.json(f.kind()))
                    .append(",\"key\":").append(Escape.json(f.key()))
                    .append(",\"summary\":").append(Escape.json(f.summary()))
                    .append(",\"location\":").append(Escape.json(f.location()))
                    .append(",\"firstSeen\":").append(Escape.json(Instant.ofEpochMilli(f.firstSeenMillis()).toString()))
                    .append(",\"lastSeen\":").append(Escape.json(Instant.ofEpochMilli(f.lastSeenMillis()).toString()))
                    .append(",\"cleared\":").append(f.active() ? "null"
                            : Escape.json(Instant.ofEpochMilli(f.clearedMillis()).toString()))
                    .append(",\"details\":[");
            for (int k = 0; k < f.details().size(); k++) {
                b.append(k == 0 ? "" : ",").append(Escape.json(f.details().get(k)));
            }
            b.append("]}");
        }
        b.append(']');
    }
}
