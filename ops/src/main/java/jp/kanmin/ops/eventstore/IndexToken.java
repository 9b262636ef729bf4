package jp.kanmin.ops.eventstore;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.stream.LongStream;

/**
 * Where a reader stands in the store's global index: every index up to {@code index} has been read, except the gaps
 * (indexes allocated to a commit that was not yet visible when the reader passed it).
 * <p>
 * Axon's {@link GapAwareTrackingToken} keeps each gap as an element of a sorted set and copies the set for every event
 * it advances over. A commit of 1,000 events still in flight is 1,000 gaps there, and every event read meanwhile, each
 * kept by the event store's cache, carries its own copy: 10,000 cached events × 1,000 boxed indexes is 400 MB. Here
 * the gaps are ranges in one small array (a commit in flight is one range), an advance that leaves them as they are
 * shares the array, and a reader never keeps more than {@link #MAX_GAP_RANGES} of them (it waits rather than passes
 * another commit in flight, see {@link IndexedMongoEventStorageEngine}).
 */
public final class IndexToken implements TrackingToken, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The most ranges of gaps a token holds: beyond them a reader waits for the oldest gaps to land or be fenced. */
    public static final int MAX_GAP_RANGES = 64;
    private static final long[] NONE = new long[0];

    private final long index;
    /** Inclusive ranges {@code [from0, to0, from1, to1, …]}, sorted, disjoint and not adjacent, all below index. */
    private final long[] gaps;

    private IndexToken(long index, long[] gaps) {
        this.index = index;
        this.gaps = gaps;
    }

    @JsonCreator
    static IndexToken fromJson(@JsonProperty("index") long index, @JsonProperty("gapRanges") long[] gapRanges) {
        long[] gaps = gapRanges == null ? NONE : gapRanges;
        if (gaps.length % 2 != 0) {
            throw new IllegalArgumentException("gap ranges come in pairs: " + Arrays.toString(gaps));
        }
        return new IndexToken(index, Ranges.normalised(gaps, index));
    }

    public static IndexToken at(long index) {
        return new IndexToken(index, NONE);
    }

    /** The same position as Axon's token (stored by an earlier version, or given by Axon itself). */
    public static IndexToken of(TrackingToken token) {
        if (token instanceof IndexToken indexToken) {
            return indexToken;
        }
        if (token instanceof GapAwareTrackingToken gapAware) {
            return new IndexToken(gapAware.getIndex(), Ranges.of(gapAware.getGaps()));
        }
        throw new IllegalArgumentException("Incompatible token type provided: "
                                           + (token == null ? "null" : token.getClass().getSimpleName()));
    }

    /** A token at {@code index} with every index in {@code missing} (all below it) still to be read. */
    public static IndexToken withGaps(long index, SortedSet<Long> missing) {
        return new IndexToken(index, Ranges.normalised(Ranges.of(missing), index));
    }

    @JsonGetter("index")
    public long index() {
        return index;
    }

    @JsonGetter("gapRanges")
    long[] gapRanges() {
        return gaps.clone();
    }

    public boolean hasGaps() {
        return gaps.length > 0;
    }

    public int gapRangeCount() {
        return gaps.length / 2;
    }

    public long gapCount() {
        return Ranges.count(gaps);
    }

    public boolean isGap(long position) {
        return Ranges.indexOf(gaps, position) >= 0;
    }

    /** The gaps, oldest first. */
    public LongStream gaps() {
        return LongStream.range(0, gaps.length / 2)
                         .flatMap(range -> LongStream.rangeClosed(gaps[(int) range * 2], gaps[(int) range * 2 + 1]));
    }

    /** Having read {@code position}: past the index (what lies between becomes a gap), or one of the gaps. */
    public IndexToken advancedTo(long position) {
        if (position == index + 1) {
            return new IndexToken(position, gaps);
        }
        if (position > index) {
            return new IndexToken(position, Ranges.union(gaps, new long[]{index + 1, position - 1}));
        }
        int range = Ranges.indexOf(gaps, position);
        if (range < 0) {
            throw new IllegalArgumentException("Index " + position + " is neither past " + this + " nor one of its gaps");
        }
        return new IndexToken(index, Ranges.without(gaps, range, position));
    }

    @Override
    public TrackingToken lowerBound(TrackingToken other) {
        IndexToken that = of(other);
        long[] union = Ranges.union(gaps, that.gaps);
        long lower = Math.min(index, that.index);
        int range = Ranges.indexOf(union, lower);
        if (range >= 0) {
            lower = union[range * 2] - 1;
        }
        return new IndexToken(lower, Ranges.below(union, lower));
    }

    @Override
    public TrackingToken upperBound(TrackingToken other) {
        IndexToken that = of(other);
        long upper = Math.max(index, that.index);
        long[] unreadByBoth = Ranges.intersection(Ranges.union(gaps, new long[]{index + 1, Long.MAX_VALUE}),
                                                  Ranges.union(that.gaps, new long[]{that.index + 1, Long.MAX_VALUE}));
        return new IndexToken(upper, Ranges.below(unreadByBoth, upper));
    }

    /** Whether everything {@code other} has read, this has read too. */
    @Override
    public boolean covers(TrackingToken other) {
        if (other == null) {
            return true;
        }
        IndexToken that = of(other);
        if (that.index > index) {
            return false;
        }
        long[] unreadHere = Ranges.below(gaps, that.index + 1);
        return Ranges.count(Ranges.intersection(unreadHere, that.gaps)) == Ranges.count(unreadHere);
    }

    @Override
    public OptionalLong position() {
        return OptionalLong.of(index);
    }

    @Override
    public boolean samePositionAs(TrackingToken other) {
        return other != null && other.position().orElse(Long.MIN_VALUE) == index;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexToken that && index == that.index && Arrays.equals(gaps, that.gaps);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Arrays.hashCode(gaps);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("IndexToken{index=").append(index).append(", gaps=[");
        for (int i = 0; i < gaps.length; i += 2) {
            text.append(i == 0 ? "" : ", ").append(gaps[i]);
            if (gaps[i + 1] != gaps[i]) {
                text.append("..").append(gaps[i + 1]);
            }
        }
        return text.append("]}").toString();
    }

    /** Sorted, disjoint, non-adjacent inclusive ranges of indexes in a flat array. */
    static final class Ranges {

        private Ranges() {
        }

        static long[] of(SortedSet<Long> indexes) {
            long[] ranges = new long[indexes.size() * 2];
            int n = 0;
            for (long i : indexes) {
                if (n > 0 && ranges[n - 1] == i - 1) {
                    ranges[n - 1] = i;
                } else {
                    ranges[n++] = i;
                    ranges[n++] = i;
                }
            }
            return Arrays.copyOf(ranges, n);
        }

        /** Sorted and merged, and cut below {@code limit}. */
        static long[] normalised(long[] ranges, long limit) {
            long[][] pairs = new long[ranges.length / 2][];
            for (int i = 0; i < pairs.length; i++) {
                pairs[i] = new long[]{ranges[2 * i], ranges[2 * i + 1]};
                if (pairs[i][0] > pairs[i][1]) {
                    throw new IllegalArgumentException("empty gap range " + Arrays.toString(pairs[i]));
                }
            }
            Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
            long[] sorted = new long[ranges.length];
            for (int i = 0; i < pairs.length; i++) {
                sorted[2 * i] = pairs[i][0];
                sorted[2 * i + 1] = pairs[i][1];
            }
            return below(union(sorted, NONE), limit);
        }

        /** The range holding {@code position}, or -1. */
        static int indexOf(long[] ranges, long position) {
            int low = 0;
            int high = ranges.length / 2 - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (ranges[2 * mid + 1] < position) {
                    low = mid + 1;
                } else if (ranges[2 * mid] > position) {
                    high = mid - 1;
                } else {
                    return mid;
                }
            }
            return -1;
        }

        static long[] without(long[] ranges, int range, long position) {
            long from = ranges[2 * range];
            long to = ranges[2 * range + 1];
            long[] replacement = from == to ? NONE
                    : position == from ? new long[]{from + 1, to}
                    : position == to ? new long[]{from, to - 1}
                    : new long[]{from, position - 1, position + 1, to};
            long[] result = new long[ranges.length - 2 + replacement.length];
            System.arraycopy(ranges, 0, result, 0, 2 * range);
            System.arraycopy(replacement, 0, result, 2 * range, replacement.length);
            System.arraycopy(ranges, 2 * range + 2, result, 2 * range + replacement.length,
                             ranges.length - 2 * range - 2);
            return result;
        }

        /** Both sorted: merged, overlapping or adjacent ranges joined. */
        static long[] union(long[] a, long[] b) {
            long[] result = new long[a.length + b.length];
            int n = 0;
            int i = 0;
            int j = 0;
            while (i < a.length || j < b.length) {
                long from;
                long to;
                if (j >= b.length || (i < a.length && a[i] <= b[j])) {
                    from = a[i];
                    to = a[i + 1];
                    i += 2;
                } else {
                    from = b[j];
                    to = b[j + 1];
                    j += 2;
                }
                if (n > 0 && from - 1 <= result[n - 1]) { // indexes are never negative: from - 1 cannot wrap
                    result[n - 1] = Math.max(result[n - 1], to);
                } else {
                    result[n++] = from;
                    result[n++] = to;
                }
            }
            return n == result.length ? result : Arrays.copyOf(result, n);
        }

        static long[] intersection(long[] a, long[] b) {
            long[] result = new long[a.length + b.length];
            int n = 0;
            int i = 0;
            int j = 0;
            while (i < a.length && j < b.length) {
                long from = Math.max(a[i], b[j]);
                long to = Math.min(a[i + 1], b[j + 1]);
                if (from <= to) {
                    result[n++] = from;
                    result[n++] = to;
                }
                if (a[i + 1] < b[j + 1]) {
                    i += 2;
                } else {
                    j += 2;
                }
            }
            return Arrays.copyOf(result, n);
        }

        /** The part of the ranges below {@code limit}. */
        static long[] below(long[] ranges, long limit) {
            int n = 0;
            while (n < ranges.length && ranges[n] < limit) {
                n += 2;
            }
            if (n == ranges.length && (n == 0 || ranges[n - 1] < limit)) {
                return ranges;
            }
            long[] result = Arrays.copyOf(ranges, n);
            if (n > 0 && result[n - 1] >= limit) {
                result[n - 1] = limit - 1;
            }
            return result;
        }

        static long count(long[] ranges) {
            long count = 0;
            for (int i = 0; i < ranges.length; i += 2) {
                count += ranges[i + 1] - ranges[i] + 1;
            }
            return count;
        }
    }
}
