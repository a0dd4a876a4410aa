package dev.weft.testapps.bench;

import dev.weft.testapps.Control;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The macro benchmark's service: embedded Jetty 12 (core handler API) on loopback, answering
 * {@code GET /order?customer=N&item=M} with a small JSON document, and doing per request the kind of
 * concurrency work a real service does and Weft watches:
 * <ol>
 *   <li>a {@link ReentrantLock}-guarded {@link HashMap} update (the customer's order count),</li>
 *   <li>a task submitted to a small {@link ThreadPoolExecutor} ("pricing", 2 threads, bounded queue)
 *       and awaited with {@link Future#get(long, TimeUnit)} — an executor task and a park per request,</li>
 *   <li>a {@code synchronized} block updating shared totals,</li>
 *   <li>a little string building for the response.</li>
 * </ol>
 * Usage: {@code HttpService [port]} (0 or absent: any free port). Prints {@code ready port=N} once
 * listening, then serves the {@link Control} protocol on stdin plus {@code cpu} →
 * {@code cpu <process CPU ns> requests <n> collections <c>} (the process CPU time from the
 * OperatingSystemMXBean, for CPU per request; the collections of all collectors so far) and
 * {@code heap} → {@code heap used=<bytes after System.gc()>}.
 */
public final class HttpService {

    private static final int CUSTOMERS = 1000;

    private final ReentrantLock ordersLock = new ReentrantLock();
    private final Map<Integer, int[]> orders = new HashMap<>();
    private final ThreadPoolExecutor pricing = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1024), named("pricing"));
    private final Object totalsLock = new Object();
    private long totalCents;
    private long requests;

    private HttpService() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        HttpService service = new HttpService();
        // A fixed-size request pool, as one sizes a service: the benchmark varies the offered
        // concurrency, not the server's threads.
        QueuedThreadPool threads = new QueuedThreadPool(32, 32);
        threads.setName("http");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(service.handler());
        server.start();
        System.out.println("ready port=" + connector.getLocalPort());
        System.out.flush();
        Control.serve(line -> {
            if (line.equals("cpu")) {
                System.out.println("cpu " + processCpuNanos() + " requests " + service.requests()
                        + " collections " + collections());
                return true;
            }
            if (line.equals("heap")) {
                System.out.println("heap used=" + HeapProbe.usedAfterGc());
                return true;
            }
            return false;
        });
    }

    private Handler handler() {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = order(request.getHttpURI().getQuery());
                if (body == null) {
                    response.setStatus(400);
                    Content.Sink.write(response, true, "bad request\n", callback);
                    return true;
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Content.Sink.write(response, true, body, callback);
                return true;
            }
        };
    }

    /** One order: the four steps of the class comment. Returns the JSON body, or null on bad input. */
    String order(String query) throws Exception {
        int customer = param(query, "customer=");
        int item = param(query, "item=");
        if (customer < 0 || item < 0) {
            return null;
        }
        int key = customer % CUSTOMERS;
        int count;
        ordersLock.lock();
        try {
            int[] c = orders.computeIfAbsent(key, k -> new int[1]);
            count = ++c[0];
        } finally {
            ordersLock.unlock();
        }
        Future<Long> price = pricing.submit(() -> price(customer, item, count));
        long cents = price.get(10, TimeUnit.SECONDS);
        long total;
        synchronized (totalsLock) {
            totalCents += cents;
            requests++;
            total = totalCents;
        }
        return new StringBuilder(160)
                .append("{\"customer\":").append(customer)
                .append(",\"item\":").append(item)
                .append(",\"orders\":").append(count)
                .append(",\"price\":\"").append(cents / 100).append('.').append(cents % 100 < 10 ? "0" : "")
                .append(cents % 100)
                .append("\",\"thread\":\"").append(Thread.currentThread().getName())
                .append("\",\"total\":").append(total)
                .append("}\n").toString();
    }

    /** A little arithmetic standing in for a price lookup (deterministic, a few hundred ns). */
    private static long price(int customer, int item, int count) {
        long h = 1125899906842597L;
        for (int i = 0; i < 64; i++) {
            h = 31 * h + (customer ^ (item * i) ^ count);
        }
        return 100 + Math.floorMod(h, 99_900);
    }

    long requests() {
        synchronized (totalsLock) {
            return requests;
        }
    }

    /** The integer after {@code name} in the query, or -1. */
    static int param(String query, String name) {
        if (query == null) {
            return -1;
        }
        int i;
        if (query.startsWith(name)) {
            i = name.length();
        } else {
            int j = query.indexOf("&" + name);
            if (j < 0) {
                return -1;
            }
            i = j + 1 + name.length();
        }
        int v = 0;
        int digits = 0;
        for (; i < query.length() && digits < 9; i++, digits++) {
            char ch = query.charAt(i);
            if (ch < '0' || ch > '9') {
                break;
            }
            v = v * 10 + (ch - '0');
        }
        return digits == 0 ? -1 : v;
    }

    /** Collections so far, all collectors together (how far the heap has settled after start-up). */
    static long collections() {
        long n = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
