package jp.kanmin.ops.bench;

/** Nearest-rank percentiles of sorted nanosecond samples, in milliseconds. */
final class Percentiles {

    private Percentiles() {
    }

    static double millis(long[] sortedNanos, double percentile) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
    }
}
