package dev.weft.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.weft.bridge.WeftBridge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP server over real MXBeans, on an ephemeral port of 127.0.0.1. */
class MetricsServerTest {

    static final String ACCEPT_TEXT = "text/plain;version=0.0.4";
    static final String ACCEPT_OPENMETRICS = "application/openmetrics-text; version=1.0.0";
    static final String ACCEPT_PROTOBUF =
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    static final String[] STATES = {"NEW", "RUNNABLE", "BLOCKED", "WAITING", "TIMED_WAITING", "TERMINATED", "UNKNOWN"};

    private final List<MetricsServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(MetricsServer::close);
    }

    static PrometheusRegistry defaultsRegistry() {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmCollectors.registerDefaults(registry, "test-1.0");
        return registry;
    }

    /** Starts the server from a daemon thread, as the agent does; waits with a deadline. */
    MetricsServer startOnDaemonThread(PrometheusRegistry registry, Supplier<List<String>> status) throws Exception {
        CompletableFuture<MetricsServer> result = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                result.complete(MetricsServer.start("127.0.0.1", 0, registry, status));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "test-daemon-starter");
        starter.setDaemon(true);
        starter.start();
        try {
            MetricsServer server = result.get(20, TimeUnit.SECONDS);
            servers.add(server);
            return server;
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    MetricsServer start() throws Exception {
        return startOnDaemonThread(defaultsRegistry(), () -> List.of("all good"));
    }

    @Test
    void textFormat004() throws Exception {
        MetricsServer server = start();
        assertTrue(server.port() > 0);

        Http.Response r = Http.get(server.port(), "/metrics", ACCEPT_TEXT);

        assertEquals(200, r.status, r::toString);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("Content-Type"));
        String body = r.text();
        for (String family : new String[] {"jvm_threads_current gauge", "jvm_threads_daemon gauge",
                "jvm_threads_peak gauge", "jvm_threads_started_total counter", "jvm_threads_state gauge",
                "jvm_gc_collection_seconds summary", "weft_info gauge", "weft_internal_errors_total counter"}) {
            assertTrue(body.contains("# TYPE " + family + "\n"), family + " missing in\n" + body);
        }
        for (String state : STATES) {
            assertTrue(body.contains("jvm_threads_state{state=\"" + state + "\"} "), state + " missing in\n" + body);
        }
        assertTrue(body.contains("weft_info{version=\"test-1.0\"} 1\n"), body);
        assertFalse(body.contains("_created"), body);
        assertFalse(body.contains("jvm_threads_deadlocked"), body);
        assertEquals(body.lines().filter(l -> l.startsWith("# TYPE ")).count(),
                body.lines().filter(l -> l.startsWith("# HELP ")).count(), "every family has HELP");
    }

    @Test
    void plainRequestGetsTextFormat() throws Exception {
        MetricsServer server = start();
        Http.Response r = Http.get(server.port(), "/metrics", "*/*");
        assertEquals(200, r.status);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void openMetrics() throws Exception {
        MetricsServer server = start();

        Http.Response r = Http.get(server.port(), "/metrics", ACCEPT_OPENMETRICS);

        assertEquals(200, r.status, r::toString);
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", r.header("Content-Type"));
        String body = r.text();
        assertTrue(body.endsWith("# EOF\n"), body);
        assertTrue(body.contains("# TYPE weft info\n"), body);
        assertTrue(body.contains("# TYPE jvm_threads_started counter\n"), body);
        assertTrue(body.contains("\njvm_threads_started_total "), body);
        assertTrue(body.contains("# UNIT jvm_gc_collection_seconds seconds\n"), body);
        assertFalse(body.contains("_created"), body);
    }

    @Test
    void prometheusScrapeAcceptHeaderGetsOpenMetrics() throws Exception {
        MetricsServer server = start();
        Http.Response r = Http.get(server.port(), "/metrics",
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertTrue(r.header("Content-Type").startsWith("application/openmetrics-text; version=1.0.0"), r::toString);
    }

    @Test
    void protobuf() throws Exception {
        MetricsServer server = start();

        Http.Response r = Http.get(server.port(), "/metrics", ACCEPT_PROTOBUF);

        assertEquals(200, r.status, r::toString);
        assertEquals("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
                r.header("Content-Type"));
        List<String> names = protobufFamilyNames(r.body);
        assertTrue(names.containsAll(List.of("jvm_threads_current", "jvm_threads_daemon", "jvm_threads_peak",
                "jvm_threads_started_total", "jvm_threads_state", "jvm_gc_collection_seconds", "weft_info",
                "weft_internal_errors_total")), names::toString);
    }

    /**
     * Names of the length-delimited {@code io.prometheus.client.MetricFamily} messages: each is a
     * varint length and a message whose field 1 (tag 0x0a) is the name.
     */
    static List<String> protobufFamilyNames(byte[] body) {
        List<String> names = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < body.length) {
            int length = (int) varint(body, pos);
            int end = pos[0] + length;
            int field = pos[0];
            while (field < end) {
                int[] p = {field};
                long tag = varint(body, p);
                if (tag == 0x0a) {
                    int n = (int) varint(body, p);
                    names.add(new String(body, p[0], n, StandardCharsets.UTF_8));
                    break;
                }
                if ((tag & 7) != 2) {
                    throw new AssertionError("unexpected wire type before the name: " + tag);
                }
                int n = (int) varint(body, p);
                field = p[0] + n;
            }
            pos[0] = end;
        }
        return names;
    }

    private static long varint(byte[] b, int[] pos) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            value |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return value;
            }
        }
    }

    @Test
    void nameFilter() throws Exception {
        MetricsServer server = start();
        String body = Http.get(server.port(), "/metrics?name[]=jvm_threads_peak", ACCEPT_TEXT).text();
        assertEquals(3, body.lines().count(), body);
        assertTrue(body.contains("# TYPE jvm_threads_peak gauge\n"), body);
    }

    @Test
    void healthy() throws Exception {
        MetricsServer server = start();

        Http.Response r = Http.get(server.port(), "/-/healthy", null);

        assertEquals(200, r.status);
        assertEquals("Exporter is healthy.\n", r.text());
    }

    @Test
    void indexListsEndpointsAndEscapedStatusLines() throws Exception {
        MetricsServer server = startOnDaemonThread(defaultsRegistry(),
                () -> List.of("threads: 42", "<script>alert('x')</script> & \"more\""));

        Http.Response r = Http.get(server.port(), "/", null);

        assertEquals(200, r.status);
        assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
        String html = r.text();
        assertTrue(html.contains("<a href=\"/metrics\">/metrics</a>"), html);
        assertTrue(html.contains("<a href=\"/-/healthy\">/-/healthy</a>"), html);
        assertTrue(html.contains("<li>threads: 42</li>"), html);
        assertTrue(html.contains("<li>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;</li>"), html);
        assertFalse(html.contains("<script>"), html);
    }

    @Test
    void headOfIndexHasNoBody() throws Exception {
        MetricsServer server = start();
        Http.Response r = Http.request("HEAD", server.port(), "/", null);
        assertEquals(200, r.status);
        assertEquals(0, r.body.length);
    }

    @Test
    void failingStatusSupplierIsCountedAndThePageStillServed() throws Exception {
        MetricsServer server = startOnDaemonThread(defaultsRegistry(), () -> {
            throw new IllegalStateException("boom");
        });
        long before = WeftBridge.internalErrors();

        Http.Response r = Http.get(server.port(), "/", null);

        assertEquals(200, r.status);
        assertTrue(r.text().contains("<li>(status unavailable)</li>"), r::toString);
        assertFalse(r.text().contains("boom"));
        assertEquals(before + 1, WeftBridge.internalErrors());
    }

    @Test
    void unknownPathIs404AndMethodsOtherThanGetOrHeadAre405Everywhere() throws Exception {
        MetricsServer server = start();

        Http.Response notFound = Http.get(server.port(), "/nope", null);
        assertEquals(404, notFound.status, notFound::toString);
        assertEquals("Not found.\n", notFound.text());

        for (String path : new String[] {"/", "/metrics", "/-/healthy"}) {
            for (String method : new String[] {"POST", "PUT", "DELETE"}) {
                Http.Response r = Http.request(method, server.port(), path, null);
                assertEquals(405, r.status, method + " " + path + ": " + r);
                assertEquals("GET, HEAD", r.header("Allow"));
            }
        }

        // The server is still fine afterwards.
        assertEquals(200, Http.get(server.port(), "/metrics", ACCEPT_TEXT).status);
    }

    @Test
    void aThrowingMxBeanStillGives200AndIsCounted() throws Exception {
        Fakes.FakeThreads fake = new Fakes.FakeThreads();
        fake.failing.add("getThreadInfo");
        Fakes.Errors errors = new Fakes.Errors();
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new JvmThreadsCollector(fake.bean(), errors));
        MetricsServer server = startOnDaemonThread(registry, List::of);

        Http.Response r = Http.get(server.port(), "/metrics", ACCEPT_TEXT);

        assertEquals(200, r.status, r::toString);
        assertTrue(r.text().contains("jvm_threads_current 0.0\n"), r::toString);
        assertFalse(r.text().contains("jvm_threads_state"), r::toString);
        assertEquals(1, errors.get());
    }

    @Test
    void portInUseGivesOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Set<Thread> before = Thread.getAllStackTraces().keySet();

            IOException e = assertThrows(IOException.class,
                    () -> MetricsServer.start("127.0.0.1", port, defaultsRegistry(), List::of));

            assertEquals("weft: cannot serve metrics on 127.0.0.1:" + port + ": address already in use", e.getMessage());
            assertNotNull(e.getCause());
            Set<Thread> leftOver = new HashSet<>(Thread.getAllStackTraces().keySet());
            leftOver.removeAll(before);
            // The request thread that tried to bind ends on its own; give it a deadline, not a sleep.
            for (Thread t : leftOver) {
                if (t.getName().startsWith("weft-http-")) {
                    t.join(10_000);
                }
            }
            assertEquals(Set.of(), leftOver.stream().filter(t -> t.getName().startsWith("weft-http-"))
                    .filter(Thread::isAlive).collect(Collectors.toSet()), "no request threads left behind");
        }
    }

    @Test
    void secondServerOnTheSamePortGivesOneClearLine() throws Exception {
        MetricsServer first = start();
        IOException e = assertThrows(IOException.class,
                () -> MetricsServer.start("127.0.0.1", first.port(), defaultsRegistry(), List::of));
        assertEquals("weft: cannot serve metrics on 127.0.0.1:" + first.port() + ": address already in use",
                e.getMessage());
        assertEquals(200, Http.get(first.port(), "/-/healthy", null).status, "the first server is unharmed");
    }

    @Test
    void badPortAndDefaultRegistryAreRefused() {
        IOException e = assertThrows(IOException.class,
                () -> MetricsServer.start("127.0.0.1", 70000, new PrometheusRegistry(), List::of));
        assertEquals("weft: cannot serve metrics on 127.0.0.1:70000: port must be between 0 and 65535", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MetricsServer.start("127.0.0.1", 0, PrometheusRegistry.defaultRegistry, List::of));
    }

    @Test
    void closeReleasesThePortAndIsIdempotent() throws Exception {
        MetricsServer server = start();
        int port = server.port();
        server.close();
        server.close();
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        }
    }

    @Test
    void allThreadsItStartsAreDaemonWhenStartedFromADaemonThread() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        MetricsServer server = start();
        for (int i = 0; i < 6; i++) { // enough requests to start more than one request thread
            assertEquals(200, Http.get(server.port(), "/metrics", ACCEPT_TEXT).status);
        }

        Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);

        List<Thread> dispatchers = started.stream().filter(t -> t.getName().equals("HTTP-Dispatcher"))
                .collect(Collectors.toList());
        assertEquals(1, dispatchers.size(), () -> "threads started: " + describe(started));
        assertTrue(dispatchers.get(0).isDaemon(), "HTTP-Dispatcher must be daemon");
        assertTrue(started.stream().anyMatch(t -> t.getName().matches("weft-http-\\d+")), () -> describe(started));
        assertTrue(started.stream().filter(t -> t.getName().startsWith("weft-http-") || t.getName().startsWith("HTTP-")
                || t.getName().contains("timeout")).allMatch(Thread::isDaemon), () -> describe(started));
        assertEquals(List.of(), started.stream().filter(t -> !t.isDaemon()).map(Thread::getName)
                .collect(Collectors.toList()), "non-daemon threads started");
        assertTrue(started.stream().filter(t -> t.getName().startsWith("weft-http-")).count() <= MetricsServer.MAX_THREADS);
    }

    /**
     * The dispatcher inherits daemon status from the thread that calls {@code HttpServer.start()};
     * {@link MetricsServer} makes that call on one of its own daemon threads, so even a
     * non-daemon caller cannot end up with a dispatcher that keeps the JVM alive.
     */
    @Test
    void dispatcherIsDaemonEvenWhenStartedFromANonDaemonThread() throws Exception {
        assumeFalse(Thread.currentThread().isDaemon(), "needs a non-daemon test thread");
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        MetricsServer server = MetricsServer.start("127.0.0.1", 0, defaultsRegistry(), List::of);
        servers.add(server);

        Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        List<Thread> dispatchers = started.stream().filter(t -> t.getName().equals("HTTP-Dispatcher"))
                .collect(Collectors.toList());
        assertEquals(1, dispatchers.size(), () -> describe(started));
        assertTrue(dispatchers.get(0).isDaemon());
        assertEquals(List.of(), started.stream().filter(t -> !t.isDaemon()).map(Thread::getName)
                .collect(Collectors.toList()), "non-daemon threads started");
    }

    @Test
    void noJvmWideHttpServerPropertiesAreSet() throws Exception {
        start();
        assertNull(System.getProperty("sun.net.httpserver.maxReqTime"));
        assertNull(System.getProperty("sun.net.httpserver.maxRspTime"));
    }

    private static String describe(Set<Thread> threads) {
        return threads.stream().map(t -> t.getName() + (t.isDaemon() ? "(daemon)" : "(NON-DAEMON)"))
                .sorted().collect(Collectors.joining(", "));
    }
}
