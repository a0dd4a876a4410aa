package dev.weft.bridge;

/**
 * The bootstrap bridge for blocking I/O: what the advice on socket and file reads and writes calls.
 *
 * <p><b>Which loader loads it, and why.</b> Like {@link WeftBridge}: the advice is inlined into
 * {@code java.io.FileInputStream}, {@code sun.nio.ch.NioSocketImpl} and their kin in {@code java.base},
 * so this class is relocated to {@code java.lang} and defined into {@code java.base} at start-up.
 * JDK types only; never a reference to an agent class.
 *
 * <p><b>Cost.</b> Each advised call pays one {@code System.nanoTime()} and a call into the ledger on
 * enter, the same on exit, and one plain read of its hook's "fired" flag: no allocation, no lock, no
 * atomic operation and no shared write here (the ledger records). The ledger decides what to record
 * (the agent's own threads are ignored). The hooks' firing is not counted per call: a counter shared by
 * every I/O-doing thread costs an atomic add per call, or, as plain writes, bounces its cache line
 * between cores; the self-test only needs to see that a hook fired (see {@link #hookCalls}).
 *
 * <p><b>Failure policy.</b> Every entry point catches {@code Throwable} and counts it through
 * {@link WeftBridge#countError()}.
 */
public final class WeftIoBridge {

    /** {@code socket_read}: {@code NioSocketImpl.read}, blocking {@code SocketChannelImpl.read}. */
    public static final int SOCKET_READ = 0;
    /** {@code socket_write}. */
    public static final int SOCKET_WRITE = 1;
    /** {@code socket_connect}. */
    public static final int SOCKET_CONNECT = 2;
    /** {@code socket_accept}. */
    public static final int SOCKET_ACCEPT = 3;
    /** {@code file_read}. */
    public static final int FILE_READ = 4;
    /** {@code file_write}. */
    public static final int FILE_WRITE = 5;
    /** Number of kinds. */
    public static final int KIND_COUNT = 6;

    // Hook identifiers (index into hookCalls(int)): one per advised method, so that the self-test sees
    // each one fire. NIO = NioSocketImpl, SC = SocketChannelImpl, SSC = ServerSocketChannelImpl,
    // FIS/FOS = FileInputStream/FileOutputStream, RAF = RandomAccessFile, FC = FileChannelImpl;
    // _V = the scattering/gathering variant, PREAD/PWRITE = the positional variant.
    public static final int HOOK_NIO_READ = 0;
    public static final int HOOK_NIO_WRITE = 1;
    public static final int HOOK_NIO_CONNECT = 2;
    public static final int HOOK_NIO_ACCEPT = 3;
    public static final int HOOK_SC_READ = 4;
    public static final int HOOK_SC_READ_V = 5;
    public static final int HOOK_SC_WRITE = 6;
    public static final int HOOK_SC_WRITE_V = 7;
    public static final int HOOK_SC_CONNECT = 8;
    public static final int HOOK_SC_BLOCKING_READ = 9;
    public static final int HOOK_SC_BLOCKING_WRITE = 10;
    public static final int HOOK_SSC_ACCEPT = 11;
    public static final int HOOK_FIS_READ_BYTE = 12;
    public static final int HOOK_FIS_READ_ARRAY = 13;
    public static final int HOOK_FIS_READ = 14;
    public static final int HOOK_FOS_WRITE_BYTE = 15;
    public static final int HOOK_FOS_WRITE_ARRAY = 16;
    public static final int HOOK_FOS_WRITE = 17;
    public static final int HOOK_RAF_READ_BYTE = 18;
    public static final int HOOK_RAF_READ_ARRAY = 19;
    public static final int HOOK_RAF_READ = 20;
    public static final int HOOK_RAF_WRITE_BYTE = 21;
    public static final int HOOK_RAF_WRITE_ARRAY = 22;
    public static final int HOOK_RAF_WRITE = 23;
    public static final int HOOK_FC_READ = 24;
    public static final int HOOK_FC_READ_V = 25;
    public static final int HOOK_FC_WRITE = 26;
    public static final int HOOK_FC_WRITE_V = 27;
    public static final int HOOK_FC_PREAD = 28;
    public static final int HOOK_FC_PWRITE = 29;
    /** Number of hook identifiers. */
    public static final int HOOK_COUNT = 30;

    /** What {@link #enter} returns when nothing is to be recorded (a channel in non-blocking mode). */
    public static final long SKIP = Long.MIN_VALUE;

    /**
     * Receiver of blocking calls, implemented by the ledger in the agent's loader. Called on the calling
     * thread right after the call returned (or threw); must not block, must not allocate on its
     * steady-state path, and must not take a {@code java.util.concurrent} lock.
     */
    public interface IoHooks {
        /**
         * A blocking call is starting on the current thread (for the stuck detector: what it waits on, since
         * when). Must be as cheap as {@link #io}.
         *
         * @param kind   one of {@link #SOCKET_READ} … {@link #FILE_WRITE}
         * @param start  {@code System.nanoTime()} at entry
         * @param target the socket implementation or channel ({@code toString()} names its addresses), or
         *               {@code null} for files
         */
        void begin(int kind, long start, Object target);

        /**
         * One blocking call ended (after {@link #begin} on the same thread).
         *
         * @param kind  one of {@link #SOCKET_READ} … {@link #FILE_WRITE}
         * @param nanos how long it took, {@code >= 0}
         * @param bytes bytes moved, {@code >= 0} (0 for connect/accept, end of stream and failures)
         */
        void io(int kind, long nanos, long bytes);
    }

    private static volatile IoHooks ioHooks;

    // Set by the advice when still clear (a read in the steady state, so the line stays shared among
    // cores), cleared by hookCalls. Racy by design: a set that races a clear only counts a firing late.
    private static final boolean[] FIRED = new boolean[HOOK_COUNT];
    // Read side only, under OBSERVED's lock: how many hookCalls calls found the hook fired.
    private static final long[] OBSERVED = new long[HOOK_COUNT];

    private WeftIoBridge() {
    }

    /** Installs (or, with {@code null}, removes) the receiver. */
    public static void setIoHooks(IoHooks hooks) {
        ioHooks = hooks;
    }

    /**
     * A count that grows when the hook fired since the previous call of this method (for the self-test,
     * which compares it before and after a canary): not the number of calls, which is not kept (see the
     * class comment); {@code jvm_blocking_io_seconds_count} counts the recorded calls.
     */
    public static long hookCalls(int hook) {
        synchronized (OBSERVED) {
            if (FIRED[hook]) {
                FIRED[hook] = false;
                OBSERVED[hook]++;
            }
            return OBSERVED[hook];
        }
    }

    /**
     * Advice on a blocking call, on enter.
     *
     * @param kind   one of {@link #SOCKET_READ} … {@link #FILE_WRITE}
     * @param target what the call waits on (the advised {@code this} for sockets), or {@code null}
     * @return the start time ({@code System.nanoTime()}), handed to an exit method by the advice
     */
    public static long enter(int hook, int kind, Object target) {
        long start = System.nanoTime();
        try {
            if (!FIRED[hook]) {
                FIRED[hook] = true;
            }
            IoHooks h = ioHooks;
            if (h != null) {
                h.begin(kind, start, target);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
        return start;
    }

    /**
     * Advice on a channel's call, on enter: like {@link #enter}, but a channel in non-blocking mode
     * (a selector loop's read) is no blocking call and gives {@link #SKIP}.
     *
     * @param blocking {@code SelectableChannel.isBlocking()} (a volatile read)
     */
    public static long enterChannel(int hook, int kind, Object channel, boolean blocking) {
        if (!blocking) {
            try {
                if (!FIRED[hook]) {
                    FIRED[hook] = true;
                }
            } catch (Throwable t) {
                WeftBridge.countError();
            }
            return SKIP;
        }
        return enter(hook, kind, channel);
    }

    /**
     * Advice on exit of a call that returns a byte count ({@code read(byte[])}, {@code read(ByteBuffer)},
     * a channel's {@code write}): {@code -1} (end of stream) and thrown calls move no bytes.
     */
    public static void exitCount(int kind, long start, long result, Throwable thrown) {
        if (start == SKIP) {
            return;
        }
        exit(kind, start, thrown == null && result > 0 ? result : 0);
    }

    /**
     * Advice on exit of a single-byte read ({@code read()} returns the byte, or {@code -1} at the end).
     */
    public static void exitByte(int kind, long start, int result, Throwable thrown) {
        exit(kind, start, thrown == null && result >= 0 ? 1 : 0);
    }

    /**
     * Advice on exit of a call that returns nothing and moves {@code length} bytes when it returns
     * normally ({@code write(byte[],int,int)} writes all or throws); a call that threw is recorded with
     * no bytes (how many went out before the failure is unknown).
     */
    public static void exitLength(int kind, long start, long length, Throwable thrown) {
        exit(kind, start, thrown == null && length > 0 ? length : 0);
    }

    /** Advice on exit of a call that moves no bytes (connect, accept). */
    public static void exitNoBytes(int kind, long start) {
        if (start == SKIP) {
            return;
        }
        exit(kind, start, 0);
    }

    private static void exit(int kind, long start, long bytes) {
        try {
            long nanos = System.nanoTime() - start;
            IoHooks h = ioHooks;
            if (h != null) {
                h.io(kind, nanos < 0 ? 0 : nanos, bytes);
            }
        } catch (Throwable t) {
            WeftBridge.countError();
        }
    }
}
