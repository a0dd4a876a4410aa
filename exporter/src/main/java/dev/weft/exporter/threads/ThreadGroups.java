package dev.weft.exporter.threads;

import dev.weft.instrumentation.ledger.CreationSite;
import dev.weft.instrumentation.ledger.ThreadRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The {@code /threads} view: threads grouped by identical stack, largest group first (Go's
 * {@code /debug/pprof/goroutine?debug=1}), with states, ages and creation sites; rendered as text or
 * JSON. Pure: built from samples and a ledger lookup, so it is tested without a JVM-wide dump.
 */
public final class ThreadGroups {

    /** Names listed per group. */
    static final int MAX_NAMES = 5;

    /** One group of threads with the same stack. */
    public static final class Group {
        final List<StackTraceElement> stack;
        final EnumMap<Thread.State, Integer> states = new EnumMap<>(Thread.State.class);
        final List<String> names = new ArrayList<>();
        final Map<CreationSite, Integer> sites = new LinkedHashMap<>();
        int count;
        int preexisting;
        int unknownSite;
        long youngestMillis = Long.MAX_VALUE;
        long oldestMillis = -1;
        String lockName;
        String lockOwner;
        final boolean virtual;

        Group(List<StackTraceElement> stack, boolean virtual) {
            this.stack = stack;
            this.virtual = virtual;
        }
    }

    /**
     * What one request saw of the virtual threads (JDK 21+).
     *
     * @param live        live virtual threads the JDK's containers held
     * @param listed      how many of them were sampled into the groups
     * @param bound       the per-request bound on {@code listed}
     * @param sampleEvery 1 start in how many has its creation site captured (0: none)
     */
    public record Virtual(int live, int listed, int bound, int sampleEvery) {
    }

    private final List<Group> groups;
    private final int threads;
    private final int notShown;
    private final int maxDepth;
    private final Virtual virtual;

    private ThreadGroups(List<Group> groups, int threads, int notShown, int maxDepth, Virtual virtual) {
        this.groups = groups;
        this.threads = threads;
        this.notShown = notShown;
        this.maxDepth = maxDepth;
        this.virtual = virtual;
    }

    /** {@link #of(List, LongFunction, long, int, int, Virtual)} without virtual threads. */
    public static ThreadGroups of(List<ThreadSample> samples, LongFunction<ThreadRecord> ledger, long nowMillis,
                                  int notShown, int maxDepth) {
        return of(samples, ledger, nowMillis, notShown, maxDepth, null);
    }

    /**
     * Groups {@code samples} by identical stack.
     *
     * @param samples   threads ({@code null} entries, threads that ended, are skipped)
     * @param ledger    the ledger's record of a thread id, or {@code null} when it has none
     * @param nowMillis the current time, for ages
     * @param notShown  threads left out because of the request's bound (reported, not hidden)
     * @param maxDepth  the depth stacks were cut at (reported)
     * @param virtual   what was seen of the virtual threads (their samples are among {@code samples}), or
     *                  {@code null} when they cannot be listed (JDK 17)
     */
    public static ThreadGroups of(List<ThreadSample> samples, LongFunction<ThreadRecord> ledger, long nowMillis,
                                  int notShown, int maxDepth, Virtual virtual) {
        Map<List<StackTraceElement>, Group> byStack = new HashMap<>();
        Map<List<StackTraceElement>, Group> byStackVirtual = new HashMap<>();
        int n = 0;
        for (ThreadSample s : samples) {
            if (s == null) {
                continue;
            }
            n++;
            Group g = s.virtual() ? byStackVirtual.computeIfAbsent(s.stack(), k -> new Group(k, true))
                    : byStack.computeIfAbsent(s.stack(), k -> new Group(k, false));
            g.count++;
            g.states.merge(s.state() == null ? Thread.State.RUNNABLE : s.state(), 1, Integer::sum);
            if (g.names.size() < MAX_NAMES) {
                g.names.add(s.name() == null ? "" : s.name());
            }
            if (g.lockName == null && s.lockName() != null) {
                g.lockName = s.lockName();
                g.lockOwner = s.lockOwner();
            }
            ThreadRecord r = ledger.apply(s.id());
            if (r == null || r.site() == null) {
                g.unknownSite++;
            } else {
                g.sites.merge(r.site(), 1, Integer::sum);
            }
            if (r != null) {
                if (r.preexisting()) {
                    g.preexisting++;
                }
                long age = Math.max(0, nowMillis - r.startEpochMillis());
                g.youngestMillis = Math.min(g.youngestMillis, age);
                g.oldestMillis = Math.max(g.oldestMillis, age);
            }
        }
        List<Group> list = new ArrayList<>(byStack.values());
        list.addAll(byStackVirtual.values());
        list.sort(Comparator.comparingInt((Group g) -> -g.count)
                .thenComparing(g -> g.names.isEmpty() ? "" : g.names.get(0)));
        return new ThreadGroups(list, n, notShown, maxDepth, virtual);
    }

    /** Number of groups. */
    public int size() {
        return groups.size();
    }

    /** The text page. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("threads: ").append(threads).append(" in ").append(groups.size())
                .append(" groups by identical stack, largest first (")
                .append(virtual == null ? "platform threads" : "platform and virtual threads")
                .append("; stacks cut at ").append(maxDepth).append(" frames)\n");
        if (virtual != null) {
            b.append("virtual threads: ").append(virtual.listed()).append(" of ").append(virtual.live())
                    .append(" live listed (at most ").append(virtual.bound()).append(" per request); creation sites ")
                    .append(virtual.sampleEvery() <= 0 ? "not sampled"
                            : "sampled for 1 start in " + virtual.sampleEvery())
                    .append('\n');
        }
        if (notShown > 0) {
            b.append("not shown: ").append(notShown).append(" threads beyond the per-request bound\n");
        }
        for (Group g : groups) {
            b.append('\n').append(g.count).append(g.virtual ? " virtual" : "")
                    .append(g.count == 1 ? " thread" : " threads").append(":");
            String sep = " ";
            for (Map.Entry<Thread.State, Integer> e : g.states.entrySet()) {
                b.append(sep).append(e.getKey()).append(' ').append(e.getValue());
                sep = ", ";
            }
            if (g.oldestMillis >= 0) {
                b.append("; age ").append(seconds(g.youngestMillis)).append(" (youngest) to ")
                        .append(seconds(g.oldestMillis)).append(" (oldest)");
            }
            if (g.preexisting > 0) {
                b.append("; ").append(g.preexisting).append(" already running when Weft started (age since then)");
            }
            b.append('\n');
            b.append("  names: ");
            for (int i = 0; i < g.names.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(Escape.quoted(g.names.get(i)));
            }
            if (g.count > g.names.size()) {
                b.append(" and ").append(g.count - g.names.size()).append(" more");
            }
            b.append('\n');
            if (g.lockName != null) {
                b.append("  waiting for ").append(Escape.quoted(g.lockName));
                if (g.lockOwner != null) {
                    b.append(" held by ").append(Escape.quoted(g.lockOwner));
                }
                b.append('\n');
            }
            for (Map.Entry<CreationSite, Integer> e : g.sites.entrySet()) {
                b.append("  created at ").append(Escape.line(e.getKey().location())).append(" by ")
                        .append(Escape.line(e.getKey().describe())).append(" (").append(e.getValue()).append(")\n");
            }
            if (g.unknownSite > 0) {
                b.append("  created at: unknown (").append(g.unknownSite).append(")\n");
            }
            for (StackTraceElement f : g.stack) {
                b.append("    at ").append(Escape.line(CreationSite.format(f))).append('\n');
            }
        }
        return b.toString();
    }

    /** The JSON document. */
    public String json() {
        StringBuilder b = new StringBuilder();
        b.append("{\"threads\":").append(threads).append(",\"notShown\":").append(notShown)
                .append(",\"maxDepth\":").append(maxDepth);
        if (virtual != null) {
            b.append(",\"virtual\":{\"live\":").append(virtual.live()).append(",\"listed\":").append(virtual.listed())
                    .append(",\"bound\":").append(virtual.bound()).append(",\"sampleEvery\":")
                    .append(virtual.sampleEvery()).append('}');
        }
        b.append(",\"groups\":[");
        for (int gi = 0; gi < groups.size(); gi++) {
            Group g = groups.get(gi);
            b.append(gi == 0 ? "" : ",").append("{\"count\":").append(g.count);
            if (g.virtual) {
                b.append(",\"virtual\":true"); // absent for platform-thread groups
            }
            b.append(",\"states\":{");
            String sep = "";
            for (Map.Entry<Thread.State, Integer> e : g.states.entrySet()) {
                b.append(sep).append(Escape.json(e.getKey().name())).append(':').append(e.getValue());
                sep = ",";
            }
            b.append("},\"youngestAgeMillis\":").append(g.oldestMillis < 0 ? "null" : Long.toString(g.youngestMillis))
                    .append(",\"oldestAgeMillis\":").append(g.oldestMillis < 0 ? "null" : Long.toString(g.oldestMillis))
                    .append(",\"preexisting\":").append(g.preexisting)
                    .append(",\"names\":[");
            for (int i = 0; i < g.names.size(); i++) {
                b.append(i == 0 ? "" : ",").append(Escape.json(g.names.get(i)));
            }
            b.append("],\"lock\":").append(Escape.json(g.lockName))
                    .append(",\"lockOwner\":").append(Escape.json(g.lockOwner))
                    .append(",\"creationSites\":[");
            sep = "";
            for (Map.Entry<CreationSite, Integer> e : g.sites.entrySet()) {
                b.append(sep).append("{\"location\":").append(Escape.json(e.getKey().location()))
                        .append(",\"frame\":").append(Escape.json(e.getKey().describe()))
                        .append(",\"count\":").append(e.getValue()).append(",\"stack\":");
                frames(b, e.getKey().frames());
                b.append('}');
                sep = ",";
            }
            b.append("],\"unknownCreationSite\":").append(g.unknownSite).append(",\"stack\":");
            frames(b, g.stack);
            b.append('}');
        }
        return b.append("]}").toString();
    }

    private static void frames(StringBuilder b, List<StackTraceElement> frames) {
        b.append('[');
        for (int i = 0; i < frames.size(); i++) {
            b.append(i == 0 ? "" : ",").append(Escape.json(CreationSite.format(frames.get(i))));
        }
        b.append(']');
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
