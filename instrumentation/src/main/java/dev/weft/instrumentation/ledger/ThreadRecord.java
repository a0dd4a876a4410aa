package dev.weft.instrumentation.ledger;

/**
 * What the ledger knows about one live platform thread. Immutable; created on the thread that
 * called {@code start()}, or when the agent seeds threads that were already running.
 *
 * @param thread           the thread (a strong reference only while it is live: the record is removed
 *                         when the thread exits)
 * @param startEpochMillis wall-clock time of the start (or of seeding, for pre-existing threads)
 * @param starterName      name of the thread that started it; empty when unknown
 * @param preexisting      whether the hooks did not see it start (it was already running when they were
 *                         installed, or the JVM started it without {@code Thread.start()}), so its
 *                         creation site is unknown and its start time is when the ledger found it
 * @param group            the thread's name at start with every digit run replaced by {@code #}
 *                         ({@code pool-3-thread-12} → {@code pool-#-thread-#}); see {@link ThreadLedger#groupOf}
 * @param site             where it was started (shared by every thread started from the same stack);
 *                         {@code null} for pre-existing threads and for starts whose site was not sampled
 * @param siteWeight       how many starts this record's site stands for: 1 when every start of its group
 *                         is walked, {@code n} when its site was sampled 1 in {@code n} (a high-rate group,
 *                         see {@link ThreadLedger}), 0 when no site was captured (pre-existing threads,
 *                         starts not sampled)
 */
public record ThreadRecord(Thread thread, long startEpochMillis, String starterName, boolean preexisting,
                           String group, CreationSite site, int siteWeight) {

    /** A record whose site, if any, stands for itself alone (weight 1; 0 without a site). */
    public ThreadRecord(Thread thread, long startEpochMillis, String starterName, boolean preexisting, String group,
            CreationSite site) {
        this(thread, startEpochMillis, starterName, preexisting, group, site, site == null ? 0 : 1);
    }

    /** Whether the start was seen but its creation site was not sampled (a high-rate group). */
    public boolean siteNotSampled() {
        return !preexisting && site == null;
    }
}
