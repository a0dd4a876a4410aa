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
 *                         {@code null} for pre-existing threads
 */
public record ThreadRecord(Thread thread, long startEpochMillis, String starterName, boolean preexisting,
                           String group, CreationSite site) {
}
