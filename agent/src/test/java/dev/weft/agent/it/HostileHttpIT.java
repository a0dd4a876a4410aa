package dev.weft.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The endpoint under hostile use: malformed and oversized requests, odd methods and paths, many
 * idle connections, concurrent scrapes. It keeps answering, its thread count stays bounded, and the
 * application never notices.
 */
class HostileHttpIT {

    @ParameterizedTest
    @MethodSource("dev.weft.agent.it.Jdk#all")
    void endpointSurvivesHostileClients(Jdk jdk) throws Exception {
        int port = ChildJvm.freePort();
        String base = "http://127.0.0.1:" + port;
        try (ChildJvm app = ChildJvm.of(jdk, "dev.weft.testapps.ThreadCountApp").agent("port=" + port).start()) {
            app.awaitOut(l -> l.startsWith("ready"));
            Http.awaitOk(base + "/metrics", ChildJvm.DEADLINE);

            // Odd methods and paths: answered, never served as something else.
            assertEquals(404, raw(port, "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertEquals(404, raw(port, "GET /metrics%00 HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertEquals(404, raw(port, "GET /metricsx HTTP/1.1\r\nHost: x\r\n\r\n"));
            int brew = raw(port, "BREW /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(405, brew, "BREW");
            // A garbage request line and a 1 MiB header: rejected or the connection closed.
            int garbage = raw(port, "\u0000\u0001garbage\r\n\r\n");
            assertTrue(garbage >= 400 || garbage == -1, "garbage: " + garbage);
            int huge = raw(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1 << 20) + "\r\n\r\n");
            assertTrue(huge == 200 || huge >= 400 || huge == -1, "huge header: " + huge);

            // 300 idle connections held open while 8 clients scrape concurrently.
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    idle.add(new Socket(InetAddress.getLoopbackAddress(), port));
                }
                ExecutorService clients = Executors.newFixedThreadPool(8);
                List<Future<Integer>> ok = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    ok.add(clients.submit(() -> {
                        int n = 0;
                        for (int i = 0; i < 25; i++) {
                            if (Http.get(base + "/metrics", null).statusCode() == 200) {
                                n++;
                            }
                        }
                        return n;
                    }));
                }
                int served = 0;
                for (Future<Integer> f : ok) {
                    served += f.get(ChildJvm.DEADLINE.toSeconds(), TimeUnit.SECONDS);
                }
                clients.shutdown();
                // The server may shed load (bounded queue) but must serve most of it.
                assertTrue(served >= 100, "served " + served + " of 200 concurrent scrapes");
                assertTrue(app.threadCount() > 0, "the application still answers");
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }

            // Still up, with at most 4 request threads ever.
            String text = Http.awaitOk(base + "/metrics", ChildJvm.DEADLINE);
            assertTrue(text.contains("jvm_threads_current"));
            String threads = Http.get(base + "/metrics", null).body();
            assertTrue(threads.contains("weft_internal_errors_total"));
            long httpThreads = weftHttpThreads(app);
            assertTrue(httpThreads <= 4, "weft-http threads: " + httpThreads);
            app.send("exit 0");
            assertEquals(0, app.waitFor());
        }
    }

    /** How many weft-http threads the application has, asked through a thread dump of its own. */
    private static long weftHttpThreads(ChildJvm app) throws Exception {
        Process jstack = new ProcessBuilder("jcmd", String.valueOf(app.pid()), "Thread.print")
                .redirectErrorStream(true).start();
        String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jstack.waitFor(30, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("^\"weft-http-\\d+\"", Pattern.MULTILINE).matcher(dump);
        long n = 0;
        while (m.find()) {
            n++;
        }
        assertTrue(dump.contains("\"main\""), dump);
        return n;
    }

    /** Sends raw bytes, returns the status code, or -1 if the server closed without answering. */
    private static int raw(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closedWhileWriting) {
                return -1;
            }
            InputStream in = s.getInputStream();
            byte[] head = new byte[12];
            int n = 0;
            try {
                while (n < head.length) {
                    int r = in.read(head, n, head.length - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
            } catch (IOException reset) {
                return -1;
            }
            if (n < 12) {
                return -1;
            }
            String status = new String(head, StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
