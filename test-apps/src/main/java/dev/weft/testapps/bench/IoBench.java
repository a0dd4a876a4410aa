package dev.weft.testapps.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Blocking I/O calls that Weft records: a one-byte loopback socket write and read (the data is already
 * there, so the read does not wait: the figure is the call's cost plus Weft's) and a small file read
 * ({@code RandomAccessFile.read} at the start of a cached 4 KiB file). With and without the agent, the
 * difference is the added cost per call (issue target: at most 100 ns per socket read).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IoBench {

    static {
        AgentReady.await(); // measure the agent installed, not installing
    }

    private ServerSocket server;
    private Socket client;
    private Socket accepted;
    private OutputStream out;
    private InputStream in;
    private final byte[] one = new byte[1];
    private Path file;
    private RandomAccessFile raf;
    private final byte[] page = new byte[4096];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        accepted = server.accept();
        client.setTcpNoDelay(true);
        out = client.getOutputStream();
        in = accepted.getInputStream();
        file = Files.createTempFile("weft-bench", ".bin");
        Files.write(file, new byte[4096]);
        raf = new RandomAccessFile(file.toFile(), "r");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        raf.close();
        Files.deleteIfExists(file);
        accepted.close();
        client.close();
        server.close();
    }

    /** One socket write plus one socket read of the byte just written. */
    @Benchmark
    public int socketWriteRead() throws IOException {
        out.write(one, 0, 1);
        return in.read(one, 0, 1);
    }

    /** One 4 KiB read at the start of a file in the page cache. */
    @Benchmark
    public int fileRead() throws IOException {
        raf.seek(0);
        return raf.read(page, 0, page.length);
    }
}
