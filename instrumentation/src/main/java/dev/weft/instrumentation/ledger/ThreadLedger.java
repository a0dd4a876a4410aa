package dev.weft.instrumentation.ledger;

import dev.weft.bridge.WeftBridge;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live platform threads the hooks have seen, and lifecycle counters.
 *
 * <p>Threading: {@link #starting}, {@link #startFailed} and {@link #exiting} are called from
 * application threads (through {@link WeftBridge}) concurrently with readers on agent threads.
 * The registry is a {@link ConcurrentHashMap} keyed by thread id; records are immutable.
 * Thread start already allocates far more than one map node, so the insert is in proportion.
 */
public final class ThreadLedger implements WeftBridge.ThreadHooks {

    private final ConcurrentHashMap<Long, ThreadRecord> live = new ConcurrentHashMap<>();
    // LongAdder: threads start and exit on many threads at once; read only by agent threads.
    private final LongAdder started = new LongAdder();
    private final LongAdder exited = new LongAdder();
    private final LongAdder startFailures = new LongAdder();

    @Override
    public void starting(Thread thread, int hook) {
        Thread starter = Thread.currentThread();
        live.put(thread.getId(), new ThreadRecord(thread, System.currentTimeMillis(), starter.getName(), false));
        started.increment();
    }

    @Override
    public void startFailed(Thread thread) {
        if (live.remove(thread.getId()) != null) {
            started.decrement();
            startFailures.increment();
        }
    }

    @Override
    public void exiting(Thread thread) {
        if (live.remove(thread.getId()) != null) {
            exited.increment();
        }
    }

    /**
     * Reconciles the ledger with the threads running now: adds every live thread it does not know,
     * marked {@link ThreadRecord#preexisting() pre-existing}, and drops records of threads that have
     * terminated. Run once right after the hooks are installed (threads that were already running),
     * and again whenever the ledger is read for reporting: the JVM starts some threads itself,
     * without {@code Thread.start()} ({@code Attach Listener} on the first attach, {@code Notification
     * Thread}, ...), so no hook ever announces them.
     *
     * <p>A record is dropped only when its thread is {@code TERMINATED}: a thread that was announced
     * but has not been started yet ({@code NEW}) is not alive either, and must stay.
     *
     * @return how many threads were added
     */
    public int seed(Collection<Thread> running) {
        long now = System.currentTimeMillis();
        int n = 0;
        for (Thread t : running) {
            if (t.isAlive()) {
                if (live.putIfAbsent(t.getId(), new ThreadRecord(t, now, "", true)) == null) {
                    n++;
                }
            }
        }
        // A thread that terminated between isAlive() and the insert, or whose exit the hooks missed.
        live.values().removeIf(r -> r.thread().getState() == Thread.State.TERMINATED);
        return n;
    }

    /** Live platform threads seen by the hooks or seeded. */
    public int liveCount() {
        return live.size();
    }

    /** A snapshot of the live records. */
    public List<ThreadRecord> snapshot() {
        return new ArrayList<>(live.values());
    }

    /** Platform threads whose start the hooks saw, since installation. */
    public long startedTotal() {
        return started.sum();
    }

    /** Threads whose exit the hooks saw, among those the ledger knew. */
    public long exitedTotal() {
        return exited.sum();
    }

    /** Starts that threw (for example: unable to create native thread). */
    public long startFailures() {
        return startFailures.sum();
    }
}
