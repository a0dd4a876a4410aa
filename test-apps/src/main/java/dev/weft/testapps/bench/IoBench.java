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
 * there, so the read does not wait: the figure is the call's cost plus Weft's), a socket read alone, and
 * a small file read ({@code RandomAccessFile.read} at the start of a cached 4 KiB file). With and without
 * the agent, the difference is the added cost per call (issue target: at most 100 ns per socket read).
 *
 * <p><b>The socket read alone</b> ({@link #socketRead}): one {@code InputStream.read(byte[],0,1)} of a
 * loopback connection of its own, whose peer wrote {@value #CHUNK} bytes ahead, so each operation is
 * one {@code NioSocketImpl.read} that finds data waiting (one {@code read(2)}, no park). Once every
 * {@value #CHUNK} operations the peer (on the same thread) writes the next chunk: one socket write of
 * a few microseconds spread over {@value #CHUNK} reads, well under a nanosecond per operation, and the
 * same with and without the agent. The chunk fits the default loopback buffers, so that write never
 * waits for the reader.
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

    static final int CHUNK = 16 * 1024;
    private Socket readerPeer;
    private Socket reader;
    private OutputStream peerOut;
    private InputStream readerIn;
    private final byte[] chunk = new byte[CHUNK];
    private int buffered;

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
        readerPeer = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        reader = server.accept();
        readerPeer.setTcpNoDelay(true);
        peerOut = readerPeer.getOutputStream();
        readerIn = reader.getInputStream();
        buffered = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        raf.close();
        Files.deleteIfExists(file);
        reader.close();
        readerPeer.close();
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

    /** One socket read of one byte that is already waiting (see the class comment). */
    @Benchmark
    public int socketRead() throws IOException {
        if (buffered == 0) {
            peerOut.write(chunk, 0, CHUNK);
            buffered = CHUNK;
        }
        buffered--;
        return readerIn.read(one, 0, 1);
    }

    /** One 4 KiB read at the start of a file in the page cache. */
    @Benchmark
    public int fileRead() throws IOException {
        raf.seek(0);
        return raf.read(page, 0, page.length);
    }
}
