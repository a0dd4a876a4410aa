package dev.weft.instrumentation.ledger;

/**
 * A distribution as exported: cumulative per-bucket counts (not cumulated across buckets), count,
 * sum, and the largest value recorded in the last one to two minutes.
 *
 * @param bounds     upper bounds in seconds, the last {@code +Inf}
 * @param buckets    values that fell in each bucket (the bucket's upper bound inclusive), since start
 * @param count      values since start
 * @param sumSeconds their sum
 * @param maxSeconds the largest value recorded in the last one to two minutes, 0 if none
 */
public record Timing(double[] bounds, long[] buckets, long count, double sumSeconds, double maxSeconds) {
}
