package dev.weft.instrumentation.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Blocking calls made on threads declared non-blocking ({@code nonblocking.threads}), by thread group
 * (the name with digit runs as {@code #}) and call site (the first application frame below the call).
 *
 * <p><b>Cost.</b> Only calls on matching threads get here (rare in a healthy service, by the user's own
 * declaration). Each such thread has its stack taken at most once per {@value #CAPTURE_INTERVAL_MILLIS}
 * ms ({@value #MAX_DEPTH} frames, through {@link StackWalker}); the calls in between only pay a
 * timestamp comparison. At most {@value #MAX_SITES} sites are kept; further ones are counted in
 * {@link #dropped()}.
 */
public final class NonBlockingCalls {

    static final int MAX_SITES = 256;
    static final int MAX_DEPTH = 32;
    static final long CAPTURE_INTERVAL_MILLIS = 1_000;
    private static final int SLOTS = 256;

    /**
     * One (thread group, call site).
     *
     * @param key        group and site, unique among sites
     * @param group      the thread group ({@code event-loop-#})
     * @param thread     the name of the thread last seen there
     * @param kind       the {@code kind} label value of the call last seen there
     * @param location   {@code File.java:line} of the call site
     * @param site       {@code class.method(File.java:line)} of the call site
     * @param stack      the stack of the last sampled call, innermost first, formatted
     * @param firstSeenMillis when first seen
     * @param lastSeenMillis  when last sampled
     */
    public record Site(String key, String group, String thread, String kind, String location, String site,
                       List<String> stack, long firstSeenMillis, long lastSeenMillis) {
    }

    private final ConcurrentHashMap<String, Site> sites = new ConcurrentHashMap<>();
    // Per-thread sampling clock, racy by design (a lost write costs one extra sample).
    private final long[] slotIds = new long[SLOTS];
    private final long[] slotLastMillis = new long[SLOTS];
    private final LongAdder dropped = new LongAdder();
    private final StackWalker walker = StackWalker.getInstance();

    /** A blocking call of {@code kind} (an index into {@link IoLedger#KINDS}) on {@code t}, which matched. */
    @SuppressWarnings("deprecation") // Thread.threadId() is 19+
    void seen(Thread t, int kind) {
        long now = System.currentTimeMillis();
        long id = t.getId();
        int slot = (int) (id ^ (id >>> 32)) & (SLOTS - 1);
        if (slotIds[slot] == id && now - slotLastMillis[slot] < CAPTURE_INTERVAL_MILLIS) {
            return;
        }
        slotIds[slot] = id;
        slotLastMillis[slot] = now;
        StackTraceElement[] stack = walker.walk(s -> s.dropWhile(NonBlockingCalls::isAgentFrame).limit(MAX_DEPTH)
                .map(StackWalker.StackFrame::toStackTraceElement).toArray(StackTraceElement[]::new));
        StackTraceElement app = null;
        for (StackTraceElement f : stack) {
            if (!CreationSite.isPlatformClass(f.getClassName())) {
                app = f;
                break;
            }
        }
        if (app == null && stack.length > 0) {
            app = stack[stack.length - 1];
        }
        String name = t.getName();
        String group = ThreadLedger.groupOf(name);
        String site = app == null ? "unknown" : app.getClassName() + "." + app.getMethodName()
                + "(" + CreationSite.location(app) + ")";
        String key = group + " @ " + site;
        List<String> lines = new ArrayList<>(stack.length);
        for (StackTraceElement f : stack) {
            lines.add(CreationSite.format(f));
        }
        Site known = sites.get(key);
        if (known == null && sites.size() >= MAX_SITES) {
            dropped.increment();
            return;
        }
        sites.put(key, new Site(key, group, name, IoLedger.KINDS.get(kind),
                app == null ? "unknown" : CreationSite.location(app), site, List.copyOf(lines),
                known == null ? now : known.firstSeenMillis(), now));
    }

    /** The recording path's own frames on top of the stack (exact classes: the test apps are dev.weft too). */
    private static boolean isAgentFrame(StackWalker.StackFrame f) {
        String c = f.getClassName();
        return c.equals(NonBlockingCalls.class.getName()) || c.equals(IoLedger.class.getName())
                || c.equals("java.lang.WeftIoBridge") || c.equals("dev.weft.bridge.WeftIoBridge");
    }

    /**
     * The sites sampled within the last {@code quietMillis}; older ones are forgotten (their finding
     * clears, and a later call there raises it again).
     */
    public List<Site> snapshot(long nowMillis, long quietMillis) {
        List<Site> out = new ArrayList<>();
        for (Site s : sites.values()) {
            if (nowMillis - s.lastSeenMillis() > quietMillis) {
                sites.remove(s.key(), s);
            } else {
                out.add(s);
            }
        }
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out;
    }

    /** Sites not kept because {@value #MAX_SITES} were already known. */
    public long dropped() {
        return dropped.sum();
    }
}
