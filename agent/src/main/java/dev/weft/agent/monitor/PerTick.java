package dev.weft.agent.monitor;

import java.util.function.Supplier;

/**
 * A value read once per monitor tick and shared by the detectors that run in it (the pools' states:
 * their getters take each pool's main lock briefly, so three detectors should not read them thrice).
 * Used by the monitor thread only.
 */
final class PerTick<T> implements Supplier<T> {

    /** Reads older than this are read again: shorter than the shortest monitor interval (100 ms). */
    static final long MAX_AGE_NANOS = 50_000_000L;

    private final Supplier<T> source;
    private T value;
    private long readAt;

    PerTick(Supplier<T> source) {
        this.source = source;
    }

    @Override
    public T get() {
        long now = System.nanoTime();
        if (value == null || now - readAt > MAX_AGE_NANOS) {
            value = source.get();
            readAt = now;
        }
        return value;
    }
}
