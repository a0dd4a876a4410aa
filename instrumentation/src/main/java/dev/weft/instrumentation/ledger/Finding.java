package dev.weft.instrumentation.ledger;

import java.util.List;

/**
 * A problem a detector found: a plain value, so exporters can publish it without knowing detectors.
 *
 * @param kind           {@code deadlock}, {@code leak}, {@code thread_count}, ... (the {@code kind} label)
 * @param key            identifies the subject within its kind (for example the sorted thread ids of a
 *                       deadlock cycle, or a creation site); a finding with the same kind and key is the
 *                       same finding
 * @param summary        one line for people: what, where ({@code File.java:line}), how many
 * @param location       the {@code File.java:line} to open, or empty
 * @param details        further lines (stacks, owners, counts), each one line
 * @param firstSeenMillis when it was raised (epoch millis)
 * @param lastSeenMillis  when a detector last saw it
 * @param clearedMillis   when it cleared, or {@code 0} while it is active
 * @param labelKind       the {@code kind} label of the finding's gauge ({@code jvm_threads_stuck}: what it
 *                        waits for; {@code jvm_threads_leak_suspected}: what leaks), or empty
 * @param pool            the {@code pool} label: the thread group concerned, or empty
 */
public record Finding(String kind, String key, String summary, String location, List<String> details,
                      long firstSeenMillis, long lastSeenMillis, long clearedMillis, String labelKind, String pool) {

    public Finding {
        details = List.copyOf(details);
        labelKind = labelKind == null ? "" : labelKind;
        pool = pool == null ? "" : pool;
    }

    /** A finding without gauge labels. */
    public Finding(String kind, String key, String summary, String location, List<String> details,
                   long firstSeenMillis, long lastSeenMillis, long clearedMillis) {
        this(kind, key, summary, location, details, firstSeenMillis, lastSeenMillis, clearedMillis, "", "");
    }

    /** Whether the finding is still active. */
    public boolean active() {
        return clearedMillis == 0;
    }
}
