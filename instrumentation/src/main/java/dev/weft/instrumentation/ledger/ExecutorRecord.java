package dev.weft.instrumentation.ledger;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the ledger knows about one live executor. It refers to the executor only weakly: the ledger
 * never keeps a pool alive. Identity is the executor's identity ({@code ==}), never
 * {@code equals}/{@code hashCode}, which subclasses may override.
 */
final class ExecutorRecord extends WeakIdentityTable.Entry {

    /** Order of discovery; the first 50 series by this order keep their own name. */
    final long seq;
    final String type;
    /** {@code SimpleClassName@File.java:line} of the creation site (or of the first use, if pre-existing). */
    final String site;
    final boolean preexisting;
    /** The stack that built the executor (or first used it, if pre-existing), at most 32 frames; never null. */
    final StackTraceElement[] creationStack;
    /** The agent's own pools, kept in the table so that their lookups stay cheap, never exported. */
    volatile boolean excluded;
    /** The normalised name of the first worker thread, once one has started. */
    volatile String threadName;
    // LongAdder: rejections can come from many submitting threads at once.
    final LongAdder rejected = new LongAdder();
    /** Last completed-task count read, retired into the name's total when the executor goes. */
    volatile long lastCompleted;
    /** Its series' distributions, once it has run a task. */
    volatile TaskTimings timings;
    /** A thread-per-task executor's own set of live threads (its size is the active count), else null. */
    volatile java.util.Set<Thread> threads;
    // LongAdder: a thread-per-task executor's tasks end on many threads at once.
    /** Tasks a thread-per-task executor completed since it was found. */
    final LongAdder tasksDone = new LongAdder();
    /** Whether this executor has been counted as folded into {@code other}. */
    volatile boolean folded;

    ExecutorRecord(Object executor, long seq, String type, String site, boolean preexisting,
            boolean excluded) {
        this(executor, seq, type, site, new StackTraceElement[0], preexisting, excluded);
    }

    ExecutorRecord(Object executor, long seq, String type, String site, StackTraceElement[] creationStack,
            boolean preexisting, boolean excluded) {
        super(executor);
        this.creationStack = creationStack;
        this.seq = seq;
        this.type = type;
        this.site = site;
        this.preexisting = preexisting;
        this.excluded = excluded;
    }

    /** The executor ({@code ThreadPoolExecutor} or {@code ForkJoinPool}), or null once collected. */
    Object executor() {
        return get();
    }

    /** The exported name: the worker threads' normalised name, else the creation site. */
    String name() {
        String n = threadName;
        return n != null ? n : site;
    }
}
