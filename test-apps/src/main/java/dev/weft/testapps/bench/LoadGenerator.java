package dev.weft.testapps.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * HTTP/1.1 keep-alive load on loopback from a fixed number of connections, one thread each, plain
 * sockets (nothing between the measurement and the wire). Two modes:
 * <ul>
 *   <li><b>closed loop</b> ({@code rate == 0}): each connection sends its next request as soon as the
 *       previous answer is read; latency is the request's own round trip;</li>
 *   <li><b>fixed offered load</b> ({@code rate > 0} requests/s over all connections): each connection
 *       sends on a fixed schedule and latency is measured from the <em>intended</em> send time, so a
 *       stall delays and counts every request that should have gone out during it (no coordinated
 *       omission).</li>
 * </ul>
 * Latencies go to one HdrHistogram {@link Recorder}; {@link #interval()} takes what was recorded
 * since the previous call.
 */
final class LoadGenerator implements AutoCloseable {

    private final int port;
    private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
    private final AtomicLong errors = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    LoadGenerator(int port, int connections, double rate) {
        this.port = port;
        for (int i = 0; i < connections; i++) {
            long periodNanos = rate > 0 ? (long) (1e9 * connections / rate) : 0;
            Thread t = new Thread(() -> run(periodNanos), "load-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** Latencies (ns) recorded since the previous call. */
    Histogram interval() {
        return recorder.getIntervalHistogram();
    }

    /** Failed requests (connection errors, non-200 answers) since start. */
    long errors() {
        return errors.get();
    }

    private void run(long periodNanos) {
        long next = System.nanoTime() + (periodNanos > 0 ? ThreadLocalRandom.current().nextLong(periodNanos) : 0);
        byte[] buf = new byte[8192];
        while (running) {
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
                while (running) {
                    long start;
                    if (periodNanos > 0) {
                        long now;
                        while ((now = System.nanoTime()) < next) {
                            LockSupport.parkNanos(next - now);
                        }
                        start = next;
                        next += periodNanos;
                    } else {
                        start = System.nanoTime();
                    }
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    out.write(("GET /order?customer=" + r.nextInt(100_000) + "&item=" + r.nextInt(500)
                            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    int status = readResponse(in, buf);
                    long end = System.nanoTime();
                    if (status == 200) {
                        recorder.recordValue(Math.min(end - start, TimeUnit.SECONDS.toNanos(60)));
                    } else {
                        errors.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                if (running) {
                    errors.incrementAndGet();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
        }
    }

    /** Reads one response (status line, headers, Content-Length body); returns the status code. */
    private static int readResponse(InputStream in, byte[] buf) throws IOException {
        String statusLine = readLine(in, buf);
        int status = statusLine.length() >= 12 ? Integer.parseInt(statusLine.substring(9, 12)) : -1;
        int length = -1;
        String line;
        while (!(line = readLine(in, buf)).isEmpty()) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (length < 0) {
            throw new IOException("response without Content-Length: " + statusLine);
        }
        while (length > 0) {
            int n = in.read(buf, 0, Math.min(buf.length, length));
            if (n < 0) {
                throw new IOException("connection closed in a body");
            }
            length -= n;
        }
        return status;
    }

    private static String readLine(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r' && n < buf.length) {
                buf[n++] = (byte) b;
            }
        }
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(35));
        }
    }
}
