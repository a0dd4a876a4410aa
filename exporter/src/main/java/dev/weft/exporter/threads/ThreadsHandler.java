package dev.weft.exporter.threads;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.weft.bridge.WeftVirtualThreadBridge;
import dev.weft.instrumentation.ledger.ThreadLedger;
import dev.weft.instrumentation.ledger.ThreadRecord;
import dev.weft.instrumentation.ledger.VirtualThreadLedger;
import dev.weft.instrumentation.ledger.VirtualThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * {@code /threads}: every platform thread grouped by identical stack (text; {@code ?format=json} for
 * tools). Computed at request time only, never on {@code /metrics}.
 *
 * <p><b>Cost and bounds.</b> One {@code ThreadMXBean.getThreadInfo(ids, depth)} per request: a
 * handshake with every listed thread to take its stack, so at most {@link #MAX_THREADS} threads and
 * {@link #MAX_DEPTH} frames each; threads beyond are counted as "not shown". Only one request is
 * computed at a time; a concurrent one gets 503. Threads that end during the dump are skipped; a
 * thread renamed during it shows either name.
 *
 * <p><b>Virtual threads</b> (JDK 21+; the MXBean does not see them) are listed from the JDK's thread
 * containers ({@link VirtualThreads}), at most {@link #MAX_VIRTUAL} per request, each stack read with
 * {@link Thread#getStackTrace()}; the page says how many of how many were listed.
 */
public final class ThreadsHandler implements HttpHandler {

    /** Threads per request. */
    public static final int MAX_THREADS = 10_000;
    /** Virtual threads sampled per request. */
    public static final int MAX_VIRTUAL = 1000;
    /** Frames per thread. */
    public static final int MAX_DEPTH = 64;
    /** The path. */
    public static final String PATH = "/threads";

    private final ThreadMXBean bean;
    private final ThreadLedger ledger;
    private final Runnable onError;
    private final Semaphore oneAtATime = new Semaphore(1);

    public ThreadsHandler(ThreadMXBean bean, ThreadLedger ledger, Runnable onError) {
        this.bean = Objects.requireNonNull(bean);
        this.ledger = Objects.requireNonNull(ledger);
        this.onError = Objects.requireNonNull(onError);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
                return;
            }
            if (!oneAtATime.tryAcquire()) {
                respond(exchange, 503, "text/plain; charset=utf-8", "busy: another /threads request is running\n");
                return;
            }
            ThreadGroups groups;
            try {
                groups = capture();
            } finally {
                oneAtATime.release();
            }
            if (Query.wantsJson(exchange)) {
                respond(exchange, 200, "application/json; charset=utf-8", groups.json());
            } else {
                respond(exchange, 200, "text/plain; charset=utf-8", groups.text());
            }
        } catch (Throwable t) {
            count(onError);
            try {
                respond(exchange, 500, "text/plain; charset=utf-8", "weft: /threads failed\n");
            } catch (Throwable ignored) {
                // client gone
            }
        } finally {
            exchange.close();
        }
    }

    ThreadGroups capture() {
        long[] ids = bean.getAllThreadIds();
        int notShown = 0;
        long[] valid = Arrays.stream(ids).filter(id -> id > 0).toArray();
        if (valid.length > MAX_THREADS) {
            notShown = valid.length - MAX_THREADS;
            valid = Arrays.copyOf(valid, MAX_THREADS);
        }
        ThreadInfo[] infos = bean.getThreadInfo(valid, MAX_DEPTH);
        List<ThreadSample> samples = new ArrayList<>(infos.length);
        for (ThreadInfo i : infos) {
            samples.add(ThreadSample.of(i));
        }
        ThreadGroups.Virtual virtual = null;
        if (VirtualThreads.available()) {
            VirtualThreadLedger vl = ledger.virtual();
            vl.sweep();
            VirtualThreads.Listing listing = VirtualThreads.live(MAX_VIRTUAL);
            int listed = 0;
            for (Thread t : listing.threads()) {
                ThreadSample s = ThreadSample.ofVirtual(t, MAX_DEPTH);
                if (s != null) {
                    samples.add(s);
                    listed++;
                }
            }
            virtual = new ThreadGroups.Virtual(listing.total(), listed, MAX_VIRTUAL,
                    WeftVirtualThreadBridge.sampleEvery());
        }
        VirtualThreadLedger vl = ledger.virtual();
        return ThreadGroups.of(samples, id -> {
            ThreadRecord r = ledger.get(id);
            return r != null ? r : vl.get(id);
        }, System.currentTimeMillis(), notShown, MAX_DEPTH, virtual);
    }

    static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void count(Runnable onError) {
        try {
            onError.run();
        } catch (Throwable ignored) {
            // nothing left to do
        }
    }

    /** Query-string parsing for the handlers. */
    static final class Query {
        private Query() {
        }

        static boolean wantsJson(HttpExchange exchange) {
            String q = exchange.getRequestURI().getRawQuery();
            if (q == null) {
                return false;
            }
            for (String part : q.split("&")) {
                if (part.equals("format=json")) {
                    return true;
                }
            }
            return false;
        }
    }
}
