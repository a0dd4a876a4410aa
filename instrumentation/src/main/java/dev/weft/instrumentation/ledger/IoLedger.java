package dev.weft.instrumentation.ledger;

import dev.weft.bridge.WeftIoBridge;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Blocking I/O: time and bytes of socket and file reads, writes, connects and accepts, by kind and by
 * thread kind (platform or virtual), and the calls made on threads declared non-blocking.
 *
 * <p><b>What is not recorded.</b> Calls on the agent's own {@code weft-*} threads (its HTTP server
 * writing a scrape, its class loader reading the agent jar, the self-test) and on the JDK's
 * {@code JFR *} threads (the flight recorder's own file work, which also serves the agent's stream):
 * that is the observer's I/O, not the application's. A channel in non-blocking mode is skipped by the
 * bridge (a selector loop's read does not block).
 *
 * <p><b>Cost.</b> {@link #begin} does one {@link ThreadKinds} lookup (a class comparison and, for a
 * platform thread, one array slot compared by thread id and name identity) and notes the call and the
 * thread's kind in {@link InFlightIo} (a few array stores, platform threads only); {@link #io} takes the
 * kind back from that slot as it clears it (virtual threads: one class comparison), then makes one
 * {@link DurationRecorder} record and one {@link LongAdder} add: three atomic operations per call. No
 * allocation and no lock once a thread has been seen. Only a thread whose name matches
 * {@code nonblocking.threads} goes further ({@link NonBlockingCalls}, a rare path).
 *
 * <p><b>Exactly once per call.</b> The advised methods never call one another (see each
 * {@code *Instrumentation} in {@code dev.weft.instrumentation.io}), so there is no nesting to guard
 * against and no per-thread depth counter.
 *
 * <p><b>Re-entrancy.</b> The advice is in {@code FileInputStream} and {@code RandomAccessFile}, which the
 * agent's own class loader uses to read its jar. A class of this recording path that were loaded for the
 * first time inside {@link #begin} or {@link #io} would recurse into it; {@link #warmUp()} runs the whole path (including
 * the non-blocking one) on a scratch instance before the bridge is pointed at the ledger.
 */
public final class IoLedger implements WeftIoBridge.IoHooks {

    /** The {@code kind} label values, indexed by the bridge's kind constants. */
    public static final List<String> KINDS =
            List.of("socket_read", "socket_write", "socket_connect", "socket_accept", "file_read", "file_write");
    /** The {@code thread_kind} label values. */
    public static final List<String> THREAD_KINDS = List.of("platform", "virtual");

    private final DurationRecorder[] times = new DurationRecorder[KINDS.size() * 2];
    // LongAdder: added to by every I/O-doing thread at once; read at scrape time only.
    private final LongAdder[] bytes = new LongAdder[KINDS.size() * 2];
    private volatile ThreadKinds threadKinds = new ThreadKinds(ThreadNamePatterns.NONE);
    private final NonBlockingCalls nonBlocking = new NonBlockingCalls();
    private final InFlightIo inFlight = new InFlightIo();

    /** A ledger that flags no thread as non-blocking (see {@link #nonBlockingThreads}). */
    public IoLedger() {
        for (int i = 0; i < times.length; i++) {
            times[i] = new DurationRecorder();
            bytes[i] = new LongAdder();
        }
    }

    /** Declares the platform threads whose names match {@code patterns} non-blocking (replaces any earlier). */
    public void nonBlockingThreads(ThreadNamePatterns patterns) {
        threadKinds = new ThreadKinds(patterns);
    }

    /**
     * Notes the call in {@link #inFlight()} for a platform thread (the stuck detector sees platform threads
     * only); nothing for virtual threads and the ignored ones.
     */
    @Override
    @SuppressWarnings("deprecation") // Thread.threadId() is 19+
    public void begin(int kind, long start, Object target) {
        Thread t = Thread.currentThread();
        int k = threadKinds.of(t);
        if (k == ThreadKinds.PLATFORM || k == ThreadKinds.NON_BLOCKING) {
            inFlight.begin(t.getId(), kind, k, start, target);
        }
    }

    /**
     * Records the call. A platform thread's kind comes back from its {@link InFlightIo} slot (noted by
     * {@link #begin}); only when the slot is not its own (a virtual or ignored thread, a call without
     * {@link #begin}, a slot shared with another thread's call) is the thread classified again.
     */
    @Override
    @SuppressWarnings("deprecation") // Thread.threadId() is 19+
    public void io(int kind, long nanos, long byteCount) {
        Thread t = Thread.currentThread();
        int k = inFlight.end(t.getId());
        if (k < 0) {
            k = threadKinds.of(t);
            if (k == ThreadKinds.IGNORED) {
                return;
            }
        }
        int i = kind * 2 + (k == ThreadKinds.VIRTUAL ? 1 : 0);
        times[i].record(nanos);
        if (byteCount > 0) {
            bytes[i].add(byteCount);
        }
        if (k == ThreadKinds.NON_BLOCKING) {
            nonBlocking.seen(t, kind);
        }
    }

    /** The recorder of {@code kind} (index into {@link #KINDS}) on {@code threadKind} (into {@link #THREAD_KINDS}). */
    public DurationRecorder times(int kind, int threadKind) {
        return times[kind * 2 + threadKind];
    }

    /** Bytes moved by {@code kind} on {@code threadKind} since the agent started. */
    public long bytes(int kind, int threadKind) {
        return bytes[kind * 2 + threadKind].sum();
    }

    /** The blocking call each platform thread is in right now, for the stuck detector. */
    public InFlightIo inFlight() {
        return inFlight;
    }

    /** Blocking calls seen on threads declared non-blocking, for the detector. */
    public NonBlockingCalls nonBlocking() {
        return nonBlocking;
    }

    /**
     * Loads and runs every class of the recording path once, on a scratch ledger whose pattern matches
     * the calling thread, so that no class is loaded for the first time inside {@link #io} (see the class
     * comment). Call before {@link WeftIoBridge#setIoHooks}.
     */
    public static void warmUp() {
        IoLedger scratch = new IoLedger();
        scratch.nonBlockingThreads(ThreadNamePatterns.of(List.of("*")));
        Thread self = Thread.currentThread();
        scratch.threadKinds.warmUp(self);
        scratch.inFlight.begin(1, 0, ThreadKinds.PLATFORM, 0, null);
        scratch.inFlight.get(1);
        scratch.inFlight.end(1);
        scratch.begin(0, 0, null);
        scratch.io(0, 1_000, 1);
        for (int k = 0; k < KINDS.size(); k++) {
            scratch.record(self, ThreadKinds.NON_BLOCKING, k, 1_000, 1);
            scratch.record(self, ThreadKinds.PLATFORM, k, 1_000, 1);
        }
        scratch.nonBlocking.snapshot(System.currentTimeMillis(), Long.MAX_VALUE);
    }

    private void record(Thread t, int k, int kind, long nanos, long byteCount) {
        int i = kind * 2 + (k == ThreadKinds.VIRTUAL ? 1 : 0);
        times[i].record(nanos);
        bytes[i].add(byteCount);
        if (k == ThreadKinds.NON_BLOCKING) {
            nonBlocking.seen(t, kind);
        }
    }
}
