package dev.weft.agent.monitor;

/** A detector of one finding kind that runs every {@code intervalMillis}: the part every detector shares. */
abstract class ScheduledDetector implements Detector {

    private final String kind;
    private final long intervalMillis;

    ScheduledDetector(String kind, long intervalMillis) {
        this.kind = kind;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final long intervalMillis() {
        return intervalMillis;
    }
}
