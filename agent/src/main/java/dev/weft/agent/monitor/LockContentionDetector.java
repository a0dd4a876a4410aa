package dev.weft.agent.monitor;

import dev.weft.instrumentation.ledger.ContentionSites;
import dev.weft.instrumentation.ledger.DurationRecorder;
import dev.weft.instrumentation.ledger.Findings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Lock contention p99 above {@code lock.contention.threshold} for one lock kind over the last
 * {@code lock.contention.window} (the in-agent twin of the {@code JvmLockContentionHigh} alert). Each
 * run reads every kind's cumulative distribution ({@code jvm_lock_contention_seconds}' recorders) at a
 * few bounds that include the threshold itself, and compares with the sample one window old: the p99
 * is above the threshold exactly when more than 1 % of the window's contended acquisitions waited
 * longer than it. Needs at least {@link #MIN_ACQUISITIONS} contended acquisitions in the window, so a
 * handful of slow waits on a quiet service raise nothing. The finding names the kind's most contended
 * locks and the lines that acquired them (the {@code /contention} sites; {@code monitor} has none:
 * JFR's own {@code jdk.JavaMonitorEnter} events carry those stacks). The reported p99 is the smallest of the
 * bounds that holds 99 % of the window (an upper bound). {@code monitor} holds only the
 * {@code synchronized} enters of at least {@code monitor.threshold}, so its p99 is that of those.
 */
final class LockContentionDetector extends ScheduledDetector {

    static final String KIND = "lock_contention";
    /** Fewest contended acquisitions in a window for a finding. */
    static final long MIN_ACQUISITIONS = 20;
    /** Acquiring sites named in a finding. */
    static final int MAX_SITES_SHOWN = 3;
    private static final double[] REPORT_BOUNDS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5,
        1, 2, 5, 10, 30, 60, 300, 3600};

    private final long thresholdNanos;
    private final long windowMillis;
    private final List<String> kinds;
    private final IntFunction<DurationRecorder> recorders;
    /** {@link #REPORT_BOUNDS} and the threshold, ascending, in seconds. */
    private final double[] bounds;
    private final int thresholdIndex;
    private final List<ArrayDeque<Sample>> samples = new ArrayList<>();
    private final Supplier<List<ContentionSites.Site>> sites;

    private record Sample(long millis, long count, long[] cumulative) {
    }

    /**
     * @param sites the most contended acquiring sites, most total wait first (the {@code /contention}
     *              data: j.u.c. acquisitions of at least {@code lock.event.threshold}, since start)
     */
    LockContentionDetector(long thresholdNanos, long windowMillis, long intervalMillis, List<String> kinds,
                           IntFunction<DurationRecorder> recorders, Supplier<List<ContentionSites.Site>> sites) {
        super(KIND, intervalMillis);
        this.sites = sites;
        this.thresholdNanos = thresholdNanos;
        this.windowMillis = windowMillis;
        this.kinds = List.copyOf(kinds);
        this.recorders = recorders;
        double t = thresholdNanos / 1e9;
        double[] others = Arrays.stream(REPORT_BOUNDS).filter(b -> b != t).toArray();
        double[] withThreshold = Arrays.copyOf(others, others.length + 1);
        withThreshold[others.length] = t;
        Arrays.sort(withThreshold);
        this.bounds = withThreshold;
        this.thresholdIndex = Arrays.binarySearch(withThreshold, t);
        for (int i = 0; i < kinds.size(); i++) {
            samples.add(new ArrayDeque<>());
        }
    }

    @Override
    public List<Findings.Observation> observe(long nowMillis) {
        List<Findings.Observation> out = new ArrayList<>();
        for (int k = 0; k < kinds.size(); k++) {
            DurationRecorder.Snapshot s = recorders.apply(k).snapshot(bounds);
            ArrayDeque<Sample> q = samples.get(k);
            q.addLast(new Sample(nowMillis, s.count(), s.cumulative()));
            while (q.size() >= 2) {
                Iterator<Sample> it = q.iterator();
                it.next();
                if (nowMillis - it.next().millis() >= windowMillis) {
                    q.removeFirst();
                } else {
                    break;
                }
            }
            Sample first = q.peekFirst();
            long span = nowMillis - first.millis();
            long n = s.count() - first.count();
            if (span < windowMillis || n < MIN_ACQUISITIONS) {
                continue;
            }
            long above = n - (s.cumulative()[thresholdIndex] - first.cumulative()[thresholdIndex]);
            if (above * 100 <= n) {
                continue;
            }
            String p99 = "above " + seconds(bounds[bounds.length - 1]);
            for (int i = 0; i < bounds.length; i++) {
                if ((s.cumulative()[i] - first.cumulative()[i]) * 100 >= n * 99) {
                    p99 = "at most " + seconds(bounds[i]);
                    break;
                }
            }
            String kind = kinds.get(k);
            String threshold = Durations.format(thresholdNanos / 1_000_000);
            List<String> details = new ArrayList<>(List.of("contended acquisitions in the window: " + n,
                    "waited longer than " + threshold + ": " + above));
            String location = "";
            int shown = 0;
            for (ContentionSites.Site site : sites.get()) {
                if (!site.kind().equals(kind) || shown == MAX_SITES_SHOWN) {
                    continue;
                }
                String at = site.frames().isEmpty() ? "(no frames)" : site.frames().get(0);
                if (shown++ == 0) {
                    location = at;
                }
                details.add("lock " + site.lockClass() + " acquired at " + at + ": " + site.count()
                        + " slow waits since start, " + seconds(site.totalNanos() / 1e9) + " in total, longest "
                        + seconds(site.maxNanos() / 1e9));
            }
            details.add("see /contention for every acquiring stack, and the dev.weft.LockContention JFR events");
            out.add(new Findings.Observation(kind,
                    "p99 of contended " + kind + " acquisitions over the last " + Durations.format(span) + " is "
                            + p99 + ", above lock.contention.threshold=" + threshold,
                    location, details));
        }
        return out;
    }

    private static String seconds(double s) {
        return s < 1 ? String.format(Locale.ROOT, "%.0f ms", s * 1000) : String.format(Locale.ROOT, "%.1f s", s);
    }
}
