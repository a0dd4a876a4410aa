package dev.weft.instrumentation.ledger;

import dev.weft.bridge.WeftBridge;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Captures and interns creation-site stacks.
 *
 * <p><b>Cost.</b> One {@link StackWalker} walk of at most {@link #MAX_DEPTH} frames (plus the few of
 * Weft's own frames it skips) per platform thread start, on the starting thread, and one hash lookup.
 * A platform thread start already costs tens of microseconds (a native thread, its stack); the walk
 * is a small fraction of that. Virtual threads are never walked (see {@code WeftVirtualThreadBridge}).
 *
 * <p><b>Memory.</b> At most {@link #MAX_SITES} distinct sites are interned; beyond that a site is
 * still captured for its thread but not shared (counted in {@link #notInterned()}). Frames are
 * {@link StackTraceElement}s (strings), so no class or class loader is retained.
 */
public final class CreationSites {

    /** Frames kept per creation site. */
    public static final int MAX_DEPTH = 32;
    /** Distinct sites interned. */
    public static final int MAX_SITES = 4096;

    /**
     * Weft's own frames between {@code Thread.start} and the capture, skipped. By class literal, not by
     * string: the build relocates the bridge package (and string constants naming it) to {@code java.lang}.
     */
    private static final Set<String> OWN = Set.of(
            CreationSites.class.getName(), ThreadLedger.class.getName(), WeftBridge.class.getName());

    // No RETAIN_CLASS_REFERENCE: frames carry names only.
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final ConcurrentHashMap<CreationSite, CreationSite> sites = new ConcurrentHashMap<>();
    private final LongAdder notInterned = new LongAdder();

    /** The creation site of a thread being started by the calling thread. */
    CreationSite capture() {
        StackTraceElement[] frames = WALKER.walk(s -> s
                .dropWhile(f -> OWN.contains(f.getClassName()))
                .dropWhile(f -> f.getClassName().equals("java.lang.Thread") && f.getMethodName().equals("start"))
                .limit(MAX_DEPTH)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
        return intern(new CreationSite(frames));
    }

    CreationSite intern(CreationSite site) {
        CreationSite known = sites.get(site);
        if (known != null) {
            return known;
        }
        if (sites.size() >= MAX_SITES) {
            notInterned.increment();
            return site;
        }
        known = sites.putIfAbsent(site, site);
        return known != null ? known : site;
    }

    /** Distinct sites interned so far. */
    public int size() {
        return sites.size();
    }

    /** Captures that were not interned because {@link #MAX_SITES} was reached. */
    public long notInterned() {
        return notInterned.sum();
    }
}
