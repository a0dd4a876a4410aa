package dev.weft.exporter.gc;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.weft.bridge.WeftBridge;
import dev.weft.instrumentation.ledger.GcPauseLedger;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The fallback source of {@code jvm_gc_pause_seconds} when JFR is unavailable: GC notifications
 * ({@link GarbageCollectionNotificationInfo}), one per collection, like Micrometer's.
 *
 * <p>Less exact than JFR, and documented so: durations are whole milliseconds (a sum of ~1 ms young
 * pauses is off by tens of per cent), and for G1 young collections the notification's duration
 * spans the collection, not only its pause. The ZGC and Shenandoah "Cycles" beans report
 * concurrent cycles, not pauses, and are not listened to; their "Pauses" beans are.
 */
public final class GcNotificationPauses {

    private GcNotificationPauses() {
    }

    /**
     * Listens to every collector bean except the "Cycles" ones.
     *
     * @return the names of the beans listened to
     */
    public static List<String> install(GcPauseLedger ledger) {
        NotificationListener listener = (Notification n, Object handback) -> {
            try {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long millis = info.getGcInfo().getDuration();
                    if (millis >= 0) {
                        ledger.record(info.getGcName(), info.getGcAction(), info.getGcCause(), millis * 1_000_000L);
                    }
                }
            } catch (Throwable t) {
                WeftBridge.countError();
            }
        };
        List<String> names = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = gc.getName();
            if (name.endsWith(" Cycles") || !(gc instanceof NotificationEmitter)) {
                continue;
            }
            ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
            names.add(name);
        }
        return names;
    }
}
