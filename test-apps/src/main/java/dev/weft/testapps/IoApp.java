package dev.weft.testapps;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Blocking I/O with the application's own account of it: every socket and file call is counted and
 * timed by the application itself (calls, bytes, and the nanoseconds from just before to just after
 * the call). Prints {@code ready}, then answers {@link Control} commands plus:
 * <ul>
 *   <li>{@code arm <platform|virtual> <chunks> <size> <delayMillis>} — prepares the run (and its
 *       temporary file) and prints {@code armed}; nothing is moved yet.</li>
 *   <li>{@code go} — runs the armed scenario on one thread of that kind and prints
 *       {@code done <kind>=<calls>:<bytes>:<nanos> ...} for the six kinds. The scenario: a
 *       {@code java.net.Socket} pair over loopback (one connect, one accept; the client writes
 *       {@code chunks} chunks of {@code size} bytes, {@code delayMillis} apart, so the server's reads
 *       block; the server reads until the end of the stream), then the same with {@code SocketChannel}s,
 *       then a temporary file written and read back through {@code FileOutputStream}/
 *       {@code FileInputStream}, {@code RandomAccessFile} and {@code FileChannel} ({@code chunks}
 *       writes of {@code size} bytes each, reads until the end of the file). The only other I/O between
 *       {@code go} and {@code done} is the application reading the {@code go} line from standard input
 *       and writing the {@code done} line to standard output.</li>
 *   <li>{@code loop <name>} — a thread named {@code name} makes one socket read of one byte; prints
 *       {@code loop read=<n>}.</li>
 *   <li>{@code edge} — bad input: a read on a socket closed by another thread while it blocks, an
 *       interrupted channel read, a zero-length read and a read at the end of the stream; prints
 *       {@code edge closed=<exception> interrupted=<exception> zero=<n> eof=<n>}.</li>
 * </ul>
 */
public final class IoApp {

    private static final String[] KINDS =
            {"socket_read", "socket_write", "socket_connect", "socket_accept", "file_read", "file_write"};
    private static final int READ = 0;
    private static final int WRITE = 1;
    private static final int CONNECT = 2;
    private static final int ACCEPT = 3;
    private static final int FREAD = 4;
    private static final int FWRITE = 5;

    private static String[] armed;
    // Created when armed: Files.createTempFile reads /dev/urandom (SecureRandom) now and then, which is
    // file I/O the agent rightly counts but the scenario does not.
    private static Path armedFile;

    private IoApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        Control.serve(IoApp::handle);
    }

    private static boolean handle(String line) {
        String[] p = line.split(" ");
        try {
            switch (p[0]) {
                case "arm":
                    armed = p;
                    armedFile = Files.createTempFile("weft-io", ".bin");
                    System.out.println("armed");
                    return true;
                case "go":
                    System.out.println(go(armed[1], Integer.parseInt(armed[2]), Integer.parseInt(armed[3]),
                            Long.parseLong(armed[4])));
                    return true;
                case "loop":
                    System.out.println("loop read=" + loop(p[1]));
                    return true;
                case "edge":
                    System.out.println(edge());
                    return true;
                default:
                    return false;
            }
        } catch (Exception e) {
            System.out.println("error " + e);
            return true;
        }
    }

    /** Calls, bytes and nanoseconds per kind, as the application measured them. */
    private static final class Tally {
        final long[] calls = new long[KINDS.length];
        final long[] bytes = new long[KINDS.length];
        final long[] nanos = new long[KINDS.length];

        void add(int kind, long start, long moved) {
            nanos[kind] += System.nanoTime() - start;
            calls[kind]++;
            bytes[kind] += Math.max(0, moved);
        }

        void addAll(Tally o) {
            for (int k = 0; k < KINDS.length; k++) {
                calls[k] += o.calls[k];
                bytes[k] += o.bytes[k];
                nanos[k] += o.nanos[k];
            }
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("done");
            for (int k = 0; k < KINDS.length; k++) {
                b.append(' ').append(KINDS[k]).append('=').append(calls[k]).append(':').append(bytes[k]).append(':')
                        .append(nanos[k]);
            }
            return b.toString();
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} on a new thread of that kind and waits for it; rethrows what it threw. */
    private static void on(String threadKind, String name, Body body) throws Exception {
        AtomicReference<Exception> failed = new AtomicReference<>();
        Runnable r = () -> {
            try {
                body.run();
            } catch (Exception e) {
                failed.set(e);
            }
        };
        Thread t;
        if (threadKind.equals("virtual")) {
            // Thread.ofVirtual().name(name).unstarted(r), through reflection: compiled for 17.
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            builder = builderType.getMethod("name", String.class).invoke(builder, name);
            t = (Thread) builderType.getMethod("unstarted", Runnable.class).invoke(builder, r);
        } else {
            t = new Thread(r, name);
        }
        t.start();
        t.join();
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    private static String go(String threadKind, int chunks, int size, long delayMillis) throws Exception {
        Tally total = new Tally();
        Tally server = new Tally();
        Tally client = new Tally();
        // java.net.Socket: the server thread accepts and reads; the client thread connects and writes.
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch serverDone = new CountDownLatch(1);
            Thread serverThread = new Thread(() -> {
                try {
                    on(threadKind, "io-server", () -> {
                        long t0 = System.nanoTime();
                        try (Socket s = ss.accept()) {
                            server.add(ACCEPT, t0, 0);
                            InputStream in = s.getInputStream();
                            byte[] buf = new byte[size];
                            while (true) {
                                long t = System.nanoTime();
                                int n = in.read(buf);
                                server.add(READ, t, n);
                                if (n < 0) {
                                    break;
                                }
                            }
                        }
                    });
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    serverDone.countDown();
                }
            }, "io-server-starter");
            serverThread.start();
            on(threadKind, "io-client", () -> {
                try (Socket c = new Socket()) {
                    long t0 = System.nanoTime();
                    c.connect(ss.getLocalSocketAddress(), 10_000);
                    client.add(CONNECT, t0, 0);
                    OutputStream out = c.getOutputStream();
                    byte[] chunk = new byte[size];
                    for (int i = 0; i < chunks; i++) {
                        Thread.sleep(delayMillis);
                        long t = System.nanoTime();
                        out.write(chunk);
                        client.add(WRITE, t, size);
                    }
                    c.shutdownOutput();
                }
            });
            serverDone.await();
            serverThread.join();
        }
        total.addAll(server);
        total.addAll(client);

        // SocketChannel in blocking mode.
        Tally chServer = new Tally();
        Tally chClient = new Tally();
        try (ServerSocketChannel ssc = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread serverThread = new Thread(() -> {
                try {
                    on(threadKind, "io-channel-server", () -> {
                        long t0 = System.nanoTime();
                        try (SocketChannel s = ssc.accept()) {
                            chServer.add(ACCEPT, t0, 0);
                            ByteBuffer buf = ByteBuffer.allocate(size);
                            while (true) {
                                buf.clear();
                                long t = System.nanoTime();
                                int n = s.read(buf);
                                chServer.add(READ, t, n);
                                if (n < 0) {
                                    break;
                                }
                            }
                        }
                    });
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "io-channel-server-starter");
            serverThread.start();
            on(threadKind, "io-channel-client", () -> {
                try (SocketChannel c = SocketChannel.open()) {
                    long t0 = System.nanoTime();
                    c.connect(ssc.getLocalAddress());
                    chClient.add(CONNECT, t0, 0);
                    for (int i = 0; i < chunks; i++) {
                        Thread.sleep(delayMillis);
                        ByteBuffer chunk = ByteBuffer.allocate(size);
                        long t = System.nanoTime();
                        int n = c.write(chunk); // blocking mode: writes it all
                        chClient.add(WRITE, t, n);
                    }
                    c.shutdownOutput();
                }
            });
            serverThread.join();
        }
        total.addAll(chServer);
        total.addAll(chClient);

        // Files: each API writes chunks and reads them back to the end.
        Tally files = new Tally();
        Path tmp = armedFile;
        on(threadKind, "io-files", () -> files(files, tmp, chunks, size));
        total.addAll(files);
        return total.toString();
    }

    private static void files(Tally tally, Path tmp, int chunks, int size) throws IOException {
        try {
            byte[] chunk = new byte[size];
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                for (int i = 0; i < chunks; i++) {
                    long t = System.nanoTime();
                    out.write(chunk, 0, size);
                    tally.add(FWRITE, t, size);
                }
            }
            try (FileInputStream in = new FileInputStream(tmp.toFile())) {
                byte[] buf = new byte[size];
                int n;
                do {
                    long t = System.nanoTime();
                    n = in.read(buf);
                    tally.add(FREAD, t, n);
                } while (n >= 0);
            }
            try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
                for (int i = 0; i < chunks; i++) {
                    long t = System.nanoTime();
                    f.write(chunk);
                    tally.add(FWRITE, t, size);
                }
                f.seek(0);
                byte[] buf = new byte[size];
                int n;
                do {
                    long t = System.nanoTime();
                    n = f.read(buf, 0, size);
                    tally.add(FREAD, t, n);
                } while (n >= 0);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                for (int i = 0; i < chunks; i++) {
                    ByteBuffer b = ByteBuffer.wrap(chunk);
                    long t = System.nanoTime();
                    int n = ch.write(b);
                    tally.add(FWRITE, t, n);
                }
                ch.position(0);
                ByteBuffer buf = ByteBuffer.allocate(size);
                int n;
                do {
                    buf.clear();
                    long t = System.nanoTime();
                    n = ch.read(buf);
                    tally.add(FREAD, t, n);
                } while (n >= 0);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** One blocking socket read of one byte on a thread named {@code name}. */
    private static int loop(String name) throws Exception {
        int[] read = new int[1];
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket c = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
             Socket s = ss.accept()) {
            c.getOutputStream().write(42);
            on("platform", name, () -> read[0] = blockingReadOnTheLoop(s));
        }
        return read[0];
    }

    private static int blockingReadOnTheLoop(Socket s) throws IOException {
        return s.getInputStream().read(); // the blocking call on a "non-blocking" thread
    }

    private static String edge() throws Exception {
        StringBuilder b = new StringBuilder("edge");
        // A read blocked when another thread closes the socket.
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket c = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
             Socket s = ss.accept()) {
            AtomicReference<String> outcome = new AtomicReference<>("none");
            Thread reader = new Thread(() -> {
                try {
                    outcome.set("read " + s.getInputStream().read());
                } catch (IOException e) {
                    outcome.set(e.getClass().getSimpleName());
                }
            }, "io-edge-reader");
            reader.start();
            while (reader.getState() != Thread.State.RUNNABLE || !inRead(reader)) {
                Thread.sleep(5);
            }
            Thread.sleep(50);
            s.close();
            reader.join();
            b.append(" closed=").append(outcome.get());
        }
        // An interrupted channel read.
        try (ServerSocketChannel ssc = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel c = SocketChannel.open(ssc.getLocalAddress());
             SocketChannel s = ssc.accept()) {
            AtomicReference<String> outcome = new AtomicReference<>("none");
            Thread reader = new Thread(() -> {
                try {
                    outcome.set("read " + s.read(ByteBuffer.allocate(1)));
                } catch (IOException e) {
                    outcome.set(e.getClass().getSimpleName());
                }
            }, "io-edge-interrupted");
            reader.start();
            while (!inRead(reader)) {
                Thread.sleep(5);
            }
            Thread.sleep(50);
            reader.interrupt();
            reader.join();
            b.append(" interrupted=").append(outcome.get());
        }
        // Zero-length read and read at the end of the stream.
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket c = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
             Socket s = ss.accept()) {
            b.append(" zero=").append(s.getInputStream().read(new byte[4], 0, 0));
            c.shutdownOutput();
            b.append(" eof=").append(s.getInputStream().read(new byte[4]));
        }
        return b.toString();
    }

    private static boolean inRead(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getMethodName().equals("read") && f.getClassName().startsWith("sun.nio.ch.")) {
                return true;
            }
        }
        return false;
    }
}
