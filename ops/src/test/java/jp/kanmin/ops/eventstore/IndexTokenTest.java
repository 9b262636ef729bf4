package jp.kanmin.ops.eventstore;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * The token keeps gaps as ranges, but must mean exactly what Axon's gap-aware token means: processors, replays and
 * merged segments compare, bound and advance tokens through these operations.
 */
class IndexTokenTest {

    private static final int TRIES = 2_000;

    @Test
    void coversWhatAxonsTokenCovers() {
        qt().withExamples(TRIES).forAll(axonTokens(), axonTokens())
            .check((a, b) -> IndexToken.of(a).covers(IndexToken.of(b)) == a.covers(b));
    }

    @Test
    void lowerAndUpperBoundsAreAxonsBounds() {
        qt().withExamples(TRIES).forAll(axonTokens(), axonTokens()).checkAssert((a, b) -> {
            assertThat(IndexToken.of(a).lowerBound(IndexToken.of(b))).isEqualTo(IndexToken.of(a.lowerBound(b)));
            assertThat(IndexToken.of(a).upperBound(IndexToken.of(b))).isEqualTo(IndexToken.of(a.upperBound(b)));
        });
    }

    @Test
    void advancingPastTheIndexOrIntoAGapIsAxonsAdvance() {
        qt().withExamples(TRIES).forAll(axonTokens(), integers().between(0, 99)).checkAssert((token, choice) -> {
            List<Long> gaps = List.copyOf(token.getGaps());
            long position = choice % 2 == 0 && !gaps.isEmpty() ? gaps.get(choice % gaps.size())
                    : token.getIndex() + 1 + choice % 10;
            assertThat(IndexToken.of(token).advancedTo(position))
                    .isEqualTo(IndexToken.of(token.advanceTo(position, Integer.MAX_VALUE)));
        });
    }

    @Test
    void aCommitOfAThousandEventsStillInFlightIsOneRange() {
        IndexToken passed = IndexToken.at(100).advancedTo(1_101);

        assertThat(passed.gapRangeCount()).isEqualTo(1);
        assertThat(passed.gapCount()).isEqualTo(1_000);
        assertThat(passed.toString()).isEqualTo("IndexToken{index=1101, gaps=[101..1100]}");
    }

    @Test
    void readingPastTheIndexSharesTheGapsInsteadOfCopyingThem() {
        IndexToken withGaps = IndexToken.at(100).advancedTo(1_101);

        IndexToken next = withGaps.advancedTo(1_102);

        Object gapsBefore = org.assertj.core.util.introspection.FieldSupport.EXTRACTION
                .fieldValue("gaps", Object.class, withGaps);
        assertThat(next).extracting("gaps").isSameAs(gapsBefore);
    }

    @Test
    void aMillionEventsReadPastACommitHeldOpenLeaveOneRangeSharedByEveryToken() throws Exception {
        // a commit of 500 events (positions 1 to 500) stays in flight while a million later events are read
        IndexToken token = IndexToken.at(0).advancedTo(501);
        Object heldGaps = org.assertj.core.util.introspection.FieldSupport.EXTRACTION
                .fieldValue("gaps", Object.class, token);
        int serialisedBefore = serialised(token);

        for (long position = 502; position <= 1_000_501; position++) {
            token = token.advancedTo(position);
        }

        assertThat(token.gapRangeCount()).isEqualTo(1);
        assertThat(token.gapCount()).isEqualTo(500);
        assertThat(token).as("each event's token points at the one array of ranges").extracting("gaps")
                         .isSameAs(heldGaps);
        assertThat(serialised(token)).as("stored size: the index grew by digits, the gaps not at all")
                                     .isLessThanOrEqualTo(serialisedBefore + 8);
    }

    private static int serialised(IndexToken token) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(token);
        }
        return bytes.size();
    }

    @Test
    void aPositionThatIsNeitherPastTheIndexNorAGapIsRefused() {
        IndexToken token = IndexToken.at(10).advancedTo(15);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> token.advancedTo(9))
                                       .isInstanceOf(IllegalArgumentException.class);
    }

    private static Gen<GapAwareTrackingToken> axonTokens() {
        return integers().between(0, 50).zip(lists().of(integers().between(1, 50)).ofSizeBetween(0, 20),
                                             IndexTokenTest::axonToken);
    }

    private static GapAwareTrackingToken axonToken(int index, List<Integer> gaps) {
        return GapAwareTrackingToken.newInstance(index, gaps.stream().filter(gap -> gap < index).map(Long::valueOf)
                                                            .collect(Collectors.toCollection(TreeSet::new)));
    }
}
