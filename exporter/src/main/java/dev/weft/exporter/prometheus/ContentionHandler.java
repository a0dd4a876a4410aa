package dev.weft.exporter.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.weft.instrumentation.ledger.ContentionSites;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code /contention}: the most contended {@code java.util.concurrent} locks by acquiring stack,
 * with count, total and longest wait — Go's mutex profile for the JVM. Three formats:
 * <ul>
 *   <li>text (default): the top {@link #TEXT_SITES} sites, most total wait first, each with its stack;</li>
 *   <li>{@code ?format=json}: every kept site;</li>
 *   <li>{@code ?format=collapsed}: one line per site, frames root first separated by {@code ;}, the
 *       lock class as the leaf, then the total wait in microseconds — the input of flame-graph tools
 *       ({@code flamegraph.pl}, speedscope).</li>
 * </ul>
 * Only acquisitions that waited at least {@code lock.event.threshold} are attributed; the totals
 * of every contended acquisition are in {@code jvm_lock_contention_seconds}.
 */
public final class ContentionHandler implements HttpHandler {

    /** The path. */
    public static final String PATH = "/contention";
    static final int TEXT_SITES = 50;
    static final String CONTENT_TYPE_JSON = "application/json; charset=utf-8";

    private final ContentionSites sites;
    private final String threshold;
    private final Runnable onError;

    /**
     * @param sites     the ledger's sites
     * @param threshold the attribution threshold as configured, e.g. {@code 20ms}, for the header
     * @param onError   called for every swallowed failure
     */
    public ContentionHandler(ContentionSites sites, String threshold, Runnable onError) {
        this.sites = Objects.requireNonNull(sites, "sites");
        this.threshold = Objects.requireNonNull(threshold, "threshold");
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            Exchanges.drain(exchange);
            String query = exchange.getRequestURI().getRawQuery();
            String format = query != null && query.startsWith("format=") ? query.substring("format=".length()) : "text";
            List<ContentionSites.Site> all = sites.byTotal();
            switch (format) {
                case "json":
                    Exchanges.respond(exchange, 200, CONTENT_TYPE_JSON, json(all, sites.dropped()));
                    break;
                case "collapsed":
                    Exchanges.respond(exchange, 200, Exchanges.CONTENT_TYPE_TEXT, collapsed(all));
                    break;
                case "text":
                    Exchanges.respond(exchange, 200, Exchanges.CONTENT_TYPE_TEXT, text(all, sites.dropped(), threshold));
                    break;
                default:
                    Exchanges.respond(exchange, 400, Exchanges.CONTENT_TYPE_TEXT,
                            "Unknown format; use format=text, format=json or format=collapsed.\n");
            }
        } catch (IOException e) {
            // The client went away.
        } catch (Throwable t) {
            Exchanges.count(onError);
        } finally {
            Exchanges.closeQuietly(exchange);
        }
    }

    static String text(List<ContentionSites.Site> all, long dropped, String threshold) {
        StringBuilder sb = new StringBuilder()
                .append("Contended java.util.concurrent lock acquisitions that waited at least ").append(threshold)
                .append(" (lock.event.threshold), by lock class and acquiring stack, most total wait first: ")
                .append(all.size()).append(all.size() == 1 ? " site" : " sites");
        if (dropped > 0) {
            sb.append(", ").append(dropped).append(" acquisitions not attributed (site limit reached)");
        }
        sb.append(".\n");
        for (ContentionSites.Site s : all.subList(0, Math.min(TEXT_SITES, all.size()))) {
            sb.append('\n').append(String.format(Locale.ROOT, "total %.3f ms  count %d  max %.3f ms  %s  %s%n",
                    s.totalNanos() / 1e6, s.count(), s.maxNanos() / 1e6, s.kind(), s.lockClass()));
            for (String f : s.frames()) {
                sb.append("    at ").append(f).append('\n');
            }
        }
        return sb.toString();
    }

    static String json(List<ContentionSites.Site> all, long dropped) {
        StringBuilder sb = new StringBuilder("{\"dropped\":").append(dropped).append(",\"sites\":[");
        for (int i = 0; i < all.size(); i++) {
            ContentionSites.Site s = all.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"lockClass\":").append(quote(s.lockClass()))
                    .append(",\"kind\":").append(quote(s.kind()))
                    .append(",\"count\":").append(s.count())
                    .append(",\"totalSeconds\":").append(s.totalNanos() / 1e9)
                    .append(",\"maxSeconds\":").append(s.maxNanos() / 1e9)
                    .append(",\"frames\":[");
            for (int j = 0; j < s.frames().size(); j++) {
                sb.append(j > 0 ? "," : "").append(quote(s.frames().get(j)));
            }
            sb.append("]}");
        }
        return sb.append("]}\n").toString();
    }

    static String collapsed(List<ContentionSites.Site> all) {
        StringBuilder sb = new StringBuilder();
        for (ContentionSites.Site s : all) {
            List<String> rootFirst = new ArrayList<>(s.frames());
            Collections.reverse(rootFirst);
            rootFirst.add(s.lockClass());
            List<String> clean = new ArrayList<>(rootFirst.size());
            for (String f : rootFirst) {
                clean.add(f.replace(';', ':').replace(' ', '_'));
            }
            sb.append(String.join(";", clean)).append(' ').append(s.totalNanos() / 1000).append('\n');
        }
        return sb.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
