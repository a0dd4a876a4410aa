package dev.weft.instrumentation.ledger;

import dev.weft.bridge.WeftBridge;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live platform threads the hooks have seen, their creation sites and groups, and lifecycle
 * counters.
 *
 * <p>Threading: {@link #starting}, {@link #startFailed} and {@link #exiting} are called from
 * application threads (through {@link WeftBridge}) concurrently with readers on agent threads.
 * The registry is a {@link ThreadTable} keyed by the primitive thread id (nothing is allocated on the
 * exiting thread); records are immutable.
 * Thread start already allocates far more than one map node and one short stack walk, so the work
 * done here is in proportion.
 *
 * <p><b>Groups.</b> A thread's group is its name at start with digit runs replaced by {@code #}, cut to
 * {@value #MAX_GROUP_LENGTH} characters. The first {@value #MAX_GROUPS} distinct groups get their own
 * counters for the life of the process (so that their counters stay monotonic); threads of later groups
 * are counted in the group {@value #OTHER}, and each such distinct group (up to
 * {@value #MAX_FOLDED_TRACKED}) is counted once in {@link WeftBridge#seriesDropped()}. Threads whose
 * group is itself {@value #OTHER} are counted there too, so that no two series share a label value. A
 * thread renamed after its start stays in the group of its start name.
 *
 * <p><b>Creation sites, sampled for high-rate groups.</b> Walking the starter's stack is most of what the
 * agent adds to a thread start (about 3.5 µs of CPU and 2.4 KB of garbage on JDK 17, against roughly
 * 100 µs for the start itself). Every start of a group is walked while the group starts at most
 * {@code threads.sites.rate} threads in the current second (default {@value #DEFAULT_SITES_PER_SECOND});
 * beyond that, 1 start in {@code threads.sites.sample} (default {@value #DEFAULT_SITES_SAMPLE}) is walked,
 * at random, and its record stands for that many starts ({@link ThreadRecord#siteWeight()}); the others get
 * no site. Groups are the budget's unit because they are known before the walk (a thread-per-request
 * server's {@code handler-#} is one group, its slow leak in another group keeps its exact sites). Counts per
 * site are then estimates (the leak detector weighs them); the thread and pool metrics stay exact. The
 * {@value #OTHER} group (beyond {@value #MAX_GROUPS} groups) shares one budget.
 */
public final class ThreadLedger implements WeftBridge.ThreadHooks {

    /** Groups with their own series. */
    public static final int MAX_GROUPS = 50;
    /** The group that collects every thread beyond {@link #MAX_GROUPS}. */
    public static final String OTHER = "other";
    /** Group names longer than this are cut. */
    public static final int MAX_GROUP_LENGTH = 100;
    /** Distinct folded groups remembered (to count each once). */
    static final int MAX_FOLDED_TRACKED = 10_000;
    /** Default of {@code threads.sites.rate}. */
    public static final int DEFAULT_SITES_PER_SECOND = 50;
    /** Default of {@code threads.sites.sample}. */
    public static final int DEFAULT_SITES_SAMPLE = 20;

    /** Counters of one group. */
    public static final class Group {
        private final String name;
        // LongAdder: threads of one pool start and exit on many threads at once.
        private final LongAdder started = new LongAdder();
        private final LongAdder live = new LongAdder();
        // The creation-site budget: the second it counts and the walks in it. Racy on purpose (plain
        // fields, no lock on the start path): concurrent starters may overshoot the budget by a few walks.
        private long budgetSecond = Long.MIN_VALUE;
        private int budgetWalks;

        Group(String name) {
            this.name = name;
        }

        /**
         * Whether a start at {@code nowMillis} walks its creation site, and what its record weighs: 1 within
         * the budget, {@code sample} for a sampled start beyond it, 0 for a start that is not walked.
         */
        int siteWeight(long nowMillis, int perSecond, int sample) {
            long second = nowMillis / 1000;
            if (second != budgetSecond) {
                budgetSecond = second;
                budgetWalks = 0;
            }
            if (budgetWalks < perSecond) {
                budgetWalks++;
                return 1;
            }
            if (sample <= 0) {
                return 0;
            }
            return sample == 1 || ThreadLocalRandom.current().nextInt(sample) == 0 ? sample : 0;
        }

        /** The group name (label value). */
        public String name() {
            return name;
        }

        /** Starts seen (pre-existing threads are not counted: their start was not seen). */
        public long startedTotal() {
            return started.sum();
        }

        /** Live threads (seeded ones included). */
        public long live() {
            return live.sum();
        }
    }

    private final ThreadTable live = new ThreadTable(); // removal allocates nothing on the dying thread
    private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();
    private final Group other = new Group(OTHER);
    private final Set<String> folded = ConcurrentHashMap.newKeySet();
    private final CreationSites sites = new CreationSites();
    private final VirtualThreadLedger virtual = new VirtualThreadLedger(sites);
    // LongAdder: threads start and exit on many threads at once; read only by agent threads.
    private final LongAdder started = new LongAdder();
    private final LongAdder exited = new LongAdder();
    private final LongAdder startFailures = new LongAdder();
    private volatile int sitesPerSecond = DEFAULT_SITES_PER_SECOND;
    private volatile int sitesSample = DEFAULT_SITES_SAMPLE;

    /**
     * Sets the creation-site budget (see the class comment).
     *
     * @param perSecond starts per group and second whose site is always walked ({@code threads.sites.rate})
     * @param sample    beyond it, 1 start in this many is walked; 0 none ({@code threads.sites.sample})
     */
    public void siteSampling(int perSecond, int sample) {
        this.sitesPerSecond = Math.max(0, perSecond);
        this.sitesSample = Math.max(0, sample);
    }

    @Override
    public void starting(Thread thread, int hook) {
        Thread starter = Thread.currentThread();
        long now = System.currentTimeMillis();
        String group = groupOf(thread.getName());
        Group g = group(group);
        int weight = g.siteWeight(now, sitesPerSecond, sitesSample);
        CreationSite site = weight > 0 ? sites.capture() : null;
        ThreadRecord previous = live.put(thread.getId(),
                new ThreadRecord(thread, now, starter.getName(), false, group, site, weight));
        if (previous != null) { // a stale record (exit not seen): keep the group counts true
            group(previous.group()).live.decrement();
        }
        g.started.increment();
        g.live.increment();
        started.increment();
    }

    @Override
    public void startFailed(Thread thread) {
        ThreadRecord r = live.remove(thread.getId());
        if (r != null) {
            Group g = group(r.group());
            g.live.decrement();
            g.started.decrement();
            started.decrement();
            startFailures.increment();
        }
    }

    @Override
    public void exiting(Thread thread) {
        ThreadRecord r = live.remove(thread.getId());
        if (r != null) {
            group(r.group()).live.decrement();
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
                String group = groupOf(t.getName());
                if (live.putIfAbsent(t.getId(), new ThreadRecord(t, now, "", true, group, null)) == null) {
                    group(group).live.increment();
                    n++;
                }
            }
        }
        // A seeded thread that exited between isAlive() and the insert would never be removed.
        sweep();
        return n;
    }

    /**
     * {@link #seed} with every live platform thread ({@link LiveThreads}): what readers call before
     * they report, so that threads the JVM started without {@code Thread.start()} are counted too.
     * No safepoint; one map lookup per live thread.
     *
     * @return how many threads were added
     */
    public int reconcile() {
        return seed(LiveThreads.all());
    }

    /**
     * Removes records of threads that terminated without their exit being seen (a safety net; the
     * exit hook normally removes them). Threads still {@code NEW} (announced, not yet running) stay.
     *
     * @return how many records were removed
     */
    public int sweep() {
        int n = 0;
        for (ThreadRecord r : live.values()) {
            if (r.thread().getState() == Thread.State.TERMINATED && live.remove(r.thread().getId(), r) != null) {
                group(r.group()).live.decrement();
                n++;
            }
        }
        return n;
    }

    private Group group(String name) {
        if (OTHER.equals(name)) { // a thread named "other": one series, never two with the same label value
            return other;
        }
        Group g = groups.get(name);
        if (g != null) {
            return g;
        }
        synchronized (groups) { // only for a group seen for the first time
            g = groups.get(name);
            if (g != null) {
                return g;
            }
            if (groups.size() < MAX_GROUPS) {
                g = new Group(name);
                groups.put(name, g);
                return g;
            }
        }
        if (folded.size() < MAX_FOLDED_TRACKED && folded.add(name)) {
            WeftBridge.countSeriesDropped();
        }
        return other;
    }

    /**
     * The group of a thread name: every run of ASCII digits replaced by one {@code #}, cut to
     * {@value #MAX_GROUP_LENGTH} characters (one fewer when the cut would split a surrogate pair, so the
     * group is valid UTF-16 and its UTF-8 label value reads back as written); a lone surrogate becomes
     * U+FFFD for the same reason; {@code "(unnamed)"} for an empty name.
     */
    public static String groupOf(String name) {
        if (name == null || name.isEmpty()) {
            return "(unnamed)";
        }
        StringBuilder b = null;
        int n = Math.min(name.length(), MAX_GROUP_LENGTH);
        if (n < name.length() && Character.isHighSurrogate(name.charAt(n - 1))
                && Character.isLowSurrogate(name.charAt(n))) {
            n--;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c >= '0' && c <= '9') {
                if (b == null) {
                    b = new StringBuilder(n).append(name, 0, i);
                }
                if (i == 0 || !isDigit(name.charAt(i - 1))) {
                    b.append('#');
                }
            } else if (Character.isSurrogate(c) && !pairedAt(name, i, n)) {
                if (b == null) {
                    b = new StringBuilder(n).append(name, 0, i);
                }
                b.append('\uFFFD');
            } else if (b != null) {
                b.append(c);
            }
        }
        if (b != null) {
            return b.toString();
        }
        return n == name.length() ? name : name.substring(0, n);
    }

    /** Whether the surrogate at {@code i} is one half of a pair within the first {@code n} characters. */
    private static boolean pairedAt(String s, int i, int n) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The groups with their own series, then {@link #OTHER} if any thread was folded into it. */
    public List<Group> groups() {
        List<Group> out = new ArrayList<>(groups.values());
        if (!folded.isEmpty() || other.startedTotal() > 0 || other.live() > 0) {
            out.add(other);
        }
        return out;
    }

    /** Sampled creation sites of virtual threads (they share this ledger's interned sites). */
    public VirtualThreadLedger virtual() {
        return virtual;
    }

    /** The interned creation sites. */
    public CreationSites sites() {
        return sites;
    }

    /** Live platform threads seen by the hooks or seeded. */
    public int liveCount() {
        return live.size();
    }

    /** A snapshot of the live records. */
    public List<ThreadRecord> snapshot() {
        return live.values();
    }

    /** The record of a live thread, or {@code null}. */
    public ThreadRecord get(long threadId) {
        return live.get(threadId);
    }

    /**
     * Whether a live thread is the agent's own: named {@code weft-*}, or started by a {@code weft-*}
     * thread. The second covers threads the JDK creates on the agent's behalf under its own names —
     * the HTTP server's {@code HTTP-Dispatcher} and its {@code idle-timeout-task} timer (which naps
     * in {@code Object.wait} for 30 s at a time on JDK 25) — without also excluding the threads of
     * an application that runs its own JDK HTTP server.
     */
    public boolean isAgentThread(long threadId) {
        ThreadRecord r = live.get(threadId);
        return r != null && (r.starterName().startsWith("weft-") || r.thread().getName().startsWith("weft-"));
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
