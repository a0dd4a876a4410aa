package dev.weft.exporter.jfr;

import dev.weft.bridge.WeftBridge;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import jdk.jfr.EventSettings;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * The agent's one in-process JFR {@link RecordingStream}, shared by every subject that feeds on
 * JFR events (GC pauses, {@code synchronized} contention, …): each subject {@link #subscribe}s an
 * event name, a threshold and a handler before {@link #start()}.
 *
 * <p>Threading: the stream is consumed on one daemon thread, {@code weft-jfr}; handlers run there,
 * one event at a time, so a handler may keep unsynchronised state of its own but must be quick.
 * A handler that throws is counted ({@code weft_internal_errors_total}) and the stream goes on.
 * Events are reused between handler calls ({@code setReuse(true)}): a handler must not keep the
 * {@link RecordedEvent}.
 *
 * <p>Side effect users must know: JFR merges the settings of all running recordings, the most
 * verbose winning. Subscribing an event with a threshold below the one of the user's own
 * recording (for example {@code jdk.JavaMonitorEnter} below 20 ms) makes the user's recording
 * contain the shorter events too. Stack traces are not requested by this stream.
 *
 * <p>Memory: the stream's parser keeps the constant pools of the chunk it is reading — among them
 * one {@code RecordedThread} for every thread any event of that chunk mentions — until JFR moves to
 * a new chunk, which by default happens only every 12 MB of recording. With thread churn that grew
 * the agent's heap steadily (about 1.4 MB a minute at 100 thread starts a second, in the soak run).
 * So the stream starts a new chunk every {@link #ROTATION_PERIOD} by starting and stopping an empty
 * recording ({@value #ROTATION_RECORDING}); JFR starts a chunk whenever a recording starts or stops.
 * Other recordings (the user's, {@code jfr.record}) just get more, smaller chunks; nothing is lost.
 *
 * <p>A rotation is not free either: two short safepoints (JFR's checkpoint at each chunk boundary), and
 * the parser reads the new chunk's metadata and constant pools again, about a megabyte of objects that
 * then live as long as the chunk — long enough to be copied between survivor spaces at every young
 * collection and promoted. So a rotation that is due is made only if at least
 * {@value #ROTATION_MIN_STARTED_THREADS} threads have started since the last one (the JVM's started-thread
 * counter, no safepoint), or {@link #ROTATION_MAX_PERIOD} has passed: a service with a steady set of
 * threads rotates every ten minutes, the churn of the soak test (100 thread starts a second) every minute
 * as before, and the parser never holds more than about that many threads beyond the live ones.
 */
public final class JfrStream implements AutoCloseable {

    /** Name of the consuming thread. */
    public static final String THREAD_NAME = "weft-jfr";

    private record Subscription(String event, Duration threshold, Consumer<RecordedEvent> handler) {
    }

    /** How often the stream makes JFR start a new chunk, bounding what the parser keeps. */
    static final Duration ROTATION_PERIOD = Duration.ofMinutes(1);
    /** Threads started since the last rotation below which a due rotation waits (up to the longest period). */
    static final long ROTATION_MIN_STARTED_THREADS = 1000;
    /** Longest time between two rotations, whatever the thread churn. */
    static final Duration ROTATION_MAX_PERIOD = Duration.ofMinutes(10);
    /** Name of the empty recording started and stopped to rotate the chunk. */
    static final String ROTATION_RECORDING = "weft-chunk-rotation";

    private final List<Subscription> subscriptions = new ArrayList<>();
    private long lastRotation = System.nanoTime(); // weft-jfr only
    private volatile long rotationNanos = ROTATION_PERIOD.toNanos();
    private volatile long rotationMinStarted = ROTATION_MIN_STARTED_THREADS;
    private volatile long rotationMaxNanos = ROTATION_MAX_PERIOD.toNanos();
    private final LongSupplier startedThreads;
    private long startedAtRotation; // weft-jfr only, after start()
    private final Runnable onError;
    private volatile RecordingStream stream;
    private volatile Consumer<Throwable> onStartFailure;
    private volatile boolean closed;
    private volatile long rotations;
    private volatile long flushes;

    /** @param onError called for every swallowed failure (in production {@code WeftBridge::countError}) */
    public JfrStream(Runnable onError) {
        this(onError, ManagementFactory.getThreadMXBean()::getTotalStartedThreadCount);
    }

    /** @param startedThreads threads started in this JVM so far (tests stand in their own count) */
    JfrStream(Runnable onError, LongSupplier startedThreads) {
        this.onError = Objects.requireNonNull(onError, "onError");
        this.startedThreads = Objects.requireNonNull(startedThreads, "startedThreads");
    }

    /** A stream whose failures are counted in {@link WeftBridge#internalErrors()}. */
    public JfrStream() {
        this(WeftBridge::countError);
    }

    /**
     * Adds a subscription; only before {@link #start()}.
     *
     * @param event     a JFR event name, e.g. {@code jdk.GarbageCollection}
     * @param threshold the event's threshold, or {@code null} to leave the default of the stream
     *                  (which records every instance)
     * @param handler   called on {@code weft-jfr} for every event
     * @return this
     */
    public synchronized JfrStream subscribe(String event, Duration threshold, Consumer<RecordedEvent> handler) {
        if (stream != null) {
            throw new IllegalStateException("weft: subscribe before start");
        }
        subscriptions.add(new Subscription(Objects.requireNonNull(event, "event"), threshold,
                Objects.requireNonNull(handler, "handler")));
        return this;
    }

    /** Whether anything is subscribed. */
    public synchronized boolean hasSubscriptions() {
        return !subscriptions.isEmpty();
    }

    /**
     * Creates the recording stream and starts consuming it on the daemon thread {@code weft-jfr}
     * (not {@code startAsync()}, whose thread has a JDK name).
     *
     * @throws Exception when JFR is unavailable or refuses the stream (the caller warns once)
     */
    public synchronized void start() throws Exception {
        if (stream != null) {
            return;
        }
        RecordingStream rs = new RecordingStream();
        try {
            rs.setReuse(true);
            // The stream's disk chunks are only needed until consumed.
            rs.setMaxAge(Duration.ofSeconds(30));
            for (Subscription s : subscriptions) {
                EventSettings settings = rs.enable(s.event()).withoutStackTrace();
                if (s.threshold() != null) {
                    settings.withThreshold(s.threshold());
                }
                Consumer<RecordedEvent> handler = s.handler();
                rs.onEvent(s.event(), e -> {
                    try {
                        handler.accept(e);
                    } catch (Throwable t) {
                        failed();
                    }
                });
            }
            // Off in this stream, which never reads it: a periodic event of 10 s would only make JFR's
            // periodic thread run (and write into the stream's chunks) for nothing.
            rs.disable("dev.weft.ExecutorStatistics");
            rs.onError(t -> failed());
            rs.onFlush(this::rotateWhenDue);
        } catch (Throwable t) {
            rs.close();
            throw t;
        }
        stream = rs;
        lastRotation = System.nanoTime();
        startedAtRotation = startedThreads.getAsLong();
        Thread consumer = new Thread(() -> {
            try {
                rs.start(); // blocks until close()
            } catch (Throwable t) {
                failed();
                Consumer<Throwable> f = onStartFailure;
                if (f != null && !closed) {
                    f.accept(t);
                }
            }
        }, THREAD_NAME);
        consumer.setDaemon(true);
        consumer.start();
    }

    /** Called (once, on {@code weft-jfr}) if the stream fails while starting or running. */
    public void onFailure(Consumer<Throwable> callback) {
        this.onStartFailure = callback;
    }

    /** Stops the stream; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        RecordingStream rs = stream;
        if (rs != null) {
            rs.close();
        }
    }

    /** On {@code weft-jfr}, after each flush (about once a second). */
    private void rotateWhenDue() {
        flushes++;
        long now = System.nanoTime();
        if (now - lastRotation < rotationNanos || closed) {
            return;
        }
        long started = startedThreads.getAsLong();
        if (started - startedAtRotation < rotationMinStarted && now - lastRotation < rotationMaxNanos) {
            return; // few new threads: the parser holds little that a rotation would free
        }
        lastRotation = now;
        startedAtRotation = started;
        try (Recording r = new Recording()) {
            r.setName(ROTATION_RECORDING);
            r.start();
            rotations++;
        } catch (Throwable t) {
            failed();
        }
    }

    /** Sets the rotation period, rotating whatever the thread churn (tests). */
    void rotateEvery(Duration period) {
        rotateEvery(period, 0, period);
    }

    /** Sets the rotation period, the started threads it waits for and the longest period (tests). */
    void rotateEvery(Duration period, long minStartedThreads, Duration maxPeriod) {
        rotationNanos = period.toNanos();
        rotationMinStarted = minStartedThreads;
        rotationMaxNanos = maxPeriod.toNanos();
    }

    /** How many flushes the stream has seen (for tests). */
    long flushes() {
        return flushes;
    }

    /** How many times the stream has rotated JFR's chunk (for tests). */
    long rotations() {
        return rotations;
    }

    private void failed() {
        try {
            onError.run();
        } catch (Throwable ignored) {
            // nothing left to do
        }
    }
}
