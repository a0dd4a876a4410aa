package dev.weft.exporter.jfr;

import dev.weft.instrumentation.ledger.VirtualThreadPinning;
import java.time.Duration;

/**
 * Feeds {@link VirtualThreadPinning} from JFR (JDK 21+): {@code jdk.VirtualThreadPinned} (a virtual
 * thread that blocked while pinned to its carrier, at least the threshold {@code virtual.pinned.threshold},
 * JFR's default 20 ms) into {@code jvm_threads_virtual_pinned_seconds}, and
 * {@code jdk.VirtualThreadSubmitFailed} into {@code jvm_threads_virtual_submit_failed_total}.
 *
 * <p>What pins depends on the JDK: on 21–23 blocking inside {@code synchronized} or a native frame;
 * on 24+ (JEP 491) {@code synchronized} no longer pins, but a native or foreign frame, or a class
 * initializer on the stack still does. On 25 the event carries {@code pinnedReason} (free text naming
 * the class, e.g. "VM call to Foo.&lt;clinit&gt; on stack") and {@code blockingOperation}; both are
 * unbounded, so they stay in the JFR events (a recording made with {@code weft.jfc} keeps them, with
 * the stack) and are never labels. Not subscribed before JDK 21, where the events do not exist.
 */
public final class VirtualThreadEvents {

    /** A virtual thread blocked while pinned. */
    public static final String PINNED = "jdk.VirtualThreadPinned";
    /** The scheduler failed to start or continue a virtual thread. */
    public static final String SUBMIT_FAILED = "jdk.VirtualThreadSubmitFailed";

    private VirtualThreadEvents() {
    }

    /** Subscribes the ledger to the stream on JDK 21+; does nothing before. @return whether it subscribed */
    public static boolean subscribe(JfrStream stream, VirtualThreadPinning ledger, Duration pinnedThreshold) {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        stream.subscribe(PINNED, pinnedThreshold, e -> ledger.recordPinned(e.getDuration().toNanos()));
        stream.subscribe(SUBMIT_FAILED, Duration.ZERO, e -> ledger.countSubmitFailed());
        return true;
    }
}
