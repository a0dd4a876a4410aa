package dev.weft.instrumentation.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Where contended j.u.c. locks were waited for: per (lock class, acquiring stack) the number of
 * slow acquisitions, their total and their longest wait — Go's mutex profile for the JVM.
 *
 * <p>Only acquisitions that waited at least the slow threshold ({@code lock.event.threshold}) come
 * here, on the acquiring thread, which has just spent that long parked: capturing a bounded stack
 * ({@link #MAX_DEPTH} frames, below the lock machinery) is in proportion. At most
 * {@link #MAX_SITES} distinct sites are kept; further ones are counted in {@link #dropped()}.
 */
public final class ContentionSites {

    /** Frames kept per site, below the lock's own frames. */
    public static final int MAX_DEPTH = 24;
    /** Distinct sites kept. */
    public static final int MAX_SITES = 500;

    private static final StackWalker WALKER = StackWalker.getInstance();

    /** One site: what waited, where, how much. Counters are live. */
    public static final class Site {
        private final String lockClass;
        private final String kind;
        private final List<String> frames;
        private final LongAdder count = new LongAdder();
        private final LongAdder totalNanos = new LongAdder();
        private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

        Site(String lockClass, String kind, List<String> frames) {
            this.lockClass = lockClass;
            this.kind = kind;
            this.frames = List.copyOf(frames);
        }

        /** Binary name of the synchronizer's class. */
        public String lockClass() {
            return lockClass;
        }

        /** The {@code kind} label value. */
        public String kind() {
            return kind;
        }

        /** The acquiring stack, innermost first, as {@code Class.method(File.java:line)}. */
        public List<String> frames() {
            return frames;
        }

        /** Slow acquisitions. */
        public long count() {
            return count.sum();
        }

        /** Total wait in nanoseconds. */
        public long totalNanos() {
            return totalNanos.sum();
        }

        /** Longest wait in nanoseconds. */
        public long maxNanos() {
            return maxNanos.get();
        }
    }

    private final ConcurrentHashMap<String, Site> sites = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final int maxSites;

    /** Keeps at most {@link #MAX_SITES} sites. */
    public ContentionSites() {
        this(MAX_SITES);
    }

    /** Keeps at most {@code maxSites} sites. */
    public ContentionSites(int maxSites) {
        this.maxSites = maxSites;
    }

    /** Records one slow acquisition made by the calling thread. */
    public void record(Class<?> lockClass, String kind, long nanos) {
        List<String> frames = WALKER.walk(s -> s
                .dropWhile(f -> isMachinery(f.getClassName()))
                .limit(MAX_DEPTH)
                .map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")")
                .collect(Collectors.toList()));
        String key = lockClass.getName() + '\n' + String.join("\n", frames);
        Site site = sites.get(key);
        if (site == null) {
            if (sites.size() >= maxSites) {
                dropped.increment();
                return;
            }
            site = sites.computeIfAbsent(key, k -> new Site(lockClass.getName(), kind, frames));
        }
        site.count.increment();
        site.totalNanos.add(nanos);
        site.maxNanos.accumulate(nanos);
    }

    /**
     * The frames on top of the acquiring code: the lock's own ({@code java.util.concurrent}) and
     * Weft's between the advice and here (the bridge, relocated to {@code java.lang} in a real run,
     * and the ledger).
     */
    static boolean isMachinery(String className) {
        return className.startsWith("java.util.concurrent.")
                || className.startsWith("java.lang.WeftLockBridge")
                || className.startsWith("dev.weft.bridge.")
                || className.startsWith("dev.weft.instrumentation.ledger.");
    }

    /** The sites, most total wait first. */
    public List<Site> byTotal() {
        List<Site> out = new ArrayList<>(sites.values());
        out.sort((a, b) -> Long.compare(b.totalNanos(), a.totalNanos()));
        return out;
    }

    /** Slow acquisitions not attributed because the site limit was reached. */
    public long dropped() {
        return dropped.sum();
    }
}
