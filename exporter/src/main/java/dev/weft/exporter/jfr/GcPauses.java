package dev.weft.exporter.jfr;

import dev.weft.instrumentation.ledger.GcPauseLedger;
import java.time.Duration;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Feeds {@link GcPauseLedger} from JFR {@code jdk.GarbageCollection}: one event per collection,
 * written when it ends, with {@code sumOfPauses} (nanosecond precision) covering only its
 * stop-the-world pauses. A G1 concurrent cycle ({@code G1Old}) contributes its Remark and Cleanup
 * pauses; ZGC and Shenandoah contribute their short pauses, never their concurrent phases.
 * Collections without any pause are not recorded.
 *
 * <p>Labels follow the GC notification names Micrometer's {@code jvm_gc_pause_seconds} uses, so
 * existing dashboards keep working: {@code gc} is the collector's MXBean name (JFR's name when the
 * collector is unknown), {@code action} {@code end of minor GC} / {@code end of major GC} /
 * {@code end of concurrent GC pause} / {@code end of GC pause}, {@code cause} JFR's cause text.
 *
 * <p>Why not GC notifications: their durations are whole milliseconds, and a sum of ~1 ms young
 * pauses is off by tens of per cent; without JFR there is no {@code jvm_gc_pause_seconds} at all.
 */
public final class GcPauses {

    /** The event subscribed. */
    public static final String EVENT = "jdk.GarbageCollection";

    private GcPauses() {
    }

    /** Subscribes the ledger to the stream. */
    public static void subscribe(JfrStream stream, GcPauseLedger ledger) {
        stream.subscribe(EVENT, Duration.ZERO, e -> accept(e, ledger));
    }

    static void accept(RecordedEvent e, GcPauseLedger ledger) {
        long pause = e.getDuration("sumOfPauses").toNanos();
        if (pause <= 0) {
            return;
        }
        String name = e.getString("name");
        String cause = e.getString("cause");
        String[] ga = labels(name == null ? "unknown" : name);
        ledger.record(ga[0], ga[1], cause == null ? "unknown" : cause, pause, e.getDuration("longestPause").toNanos());
    }

    /** JFR collector name → {gc, action}. */
    static String[] labels(String jfrName) {
        switch (jfrName) {
            case "G1New": return new String[] {"G1 Young Generation", "end of minor GC"};
            case "G1Old": return new String[] {"G1 Concurrent GC", "end of concurrent GC pause"};
            case "G1Full": return new String[] {"G1 Old Generation", "end of major GC"};
            case "ParallelScavenge": return new String[] {"PS Scavenge", "end of minor GC"};
            case "ParallelOld": return new String[] {"PS MarkSweep", "end of major GC"};
            case "DefNew": return new String[] {"Copy", "end of minor GC"};
            case "SerialOld": return new String[] {"MarkSweepCompact", "end of major GC"};
            case "Shenandoah": return new String[] {"Shenandoah Pauses", "end of GC pause"};
            case "Z": return new String[] {"ZGC Pauses", "end of GC pause"};
            default:
                if (jfrName.startsWith("Z") && jfrName.contains("Minor")) {
                    return new String[] {"ZGC Minor Pauses", "end of GC pause"};
                }
                if (jfrName.startsWith("Z") && jfrName.contains("Major")) {
                    return new String[] {"ZGC Major Pauses", "end of GC pause"};
                }
                return new String[] {jfrName, "end of GC pause"};
        }
    }
}
