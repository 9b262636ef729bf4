package jp.kanmin.query.damage;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent.BusinessDamageSurveyed;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.report.Area;
import jp.kanmin.shared.report.DamageGrade;
import jp.kanmin.shared.report.DamageItem;
import jp.kanmin.shared.report.DamageItem.DamageCategory;
import jp.kanmin.shared.report.DamageItem.ValuationBasis;
import jp.kanmin.shared.report.Estimate;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Whatever order surveys and their revisions arrive in, and however often one is delivered again, a district's
 * totals are the sums over the latest revision of each business.
 */
class DamageBookTotalsTest {

    static final ParticipationId CHAMBER = new ParticipationId(IncidentId.of("6f1c2d3e-0000-4000-8000-000000000001"), OrganisationId.of("chamber"));
    static final String DISTRICT = "相良地区";
    static final Instant T0 = Instant.parse("2026-09-01T00:00:00Z");

    /** One business's survey as a revision of a sheet. */
    record Sheet(String businessId, DamageGrade grade, List<DamageItem> items, Estimate estimate, boolean power) {
    }

    @Test
    void totalsAreTheSumsOfTheLatestRevisionWhateverTheOrderOfArrival() {
        qt().withExamples(300).forAll(businesses(), longs().all(), integers().between(0, 10))
            .checkAssert((revisionsPerBusiness, seed, redeliveries) -> totalsAreTheSumsOfTheLatestRevision(
                    revisionsPerBusiness, new Random(seed), redeliveries));
    }

    private static void totalsAreTheSumsOfTheLatestRevision(List<List<Sheet>> revisionsPerBusiness, Random order,
                                                            int redeliveries) {
        List<BusinessDamageSurveyed> events = new ArrayList<>();
        for (int b = 0; b < revisionsPerBusiness.size(); b++) {
            List<Sheet> revisions = revisionsPerBusiness.get(b);
            for (int r = 0; r < revisions.size(); r++) {
                events.add(surveyed("b-" + b, revisions.get(r), r + 1));
            }
        }
        List<BusinessDamageSurveyed> arrivals = new ArrayList<>(events);
        IntStream.range(0, redeliveries).forEach(i -> arrivals.add(events.get(order.nextInt(events.size()))));
        Collections.shuffle(arrivals, order);

        DamageBook book = new DamageBook();
        arrivals.forEach(event -> book.apply(event, T0));
        DamageBook.DistrictSummary district = book.summary("incident-1", T0, List.of(
                new DamageBook.DistrictDefinition("chamber", DISTRICT, 1000, "city", "makinohara-002")))
                                                  .districts().getFirst();

        List<Sheet> latest = revisionsPerBusiness.stream().map(List::getLast).toList();
        assertThat(district.surveyed()).isEqualTo(latest.size());
        assertThat(district.totals().building()).isEqualTo(sum(latest, DamageItem.Group.BUILDING));
        assertThat(district.totals().equipment()).isEqualTo(sum(latest, DamageItem.Group.EQUIPMENT));
        assertThat(district.totals().goods()).isEqualTo(sum(latest, DamageItem.Group.GOODS));
        assertThat(district.totals().total()).isEqualTo(latest.stream().flatMap(s -> s.items().stream())
                                                              .mapToLong(DamageItem::amountYen).sum());
        assertThat(district.totals().roughYen() + district.totals().confirmedYen())
                .isEqualTo(district.totals().total());
        assertThat(district.totals().roughBusinesses())
                .isEqualTo((int) latest.stream().filter(s -> s.estimate() == Estimate.ROUGH).count());
        assertThat(district.grades()).isEqualTo(latest.stream().collect(
                Collectors.groupingBy(Sheet::grade, () -> new java.util.EnumMap<>(DamageGrade.class),
                                      Collectors.reducing(0, s -> 1, Integer::sum))));
        assertThat(district.powerOutage()).isEqualTo((int) latest.stream().filter(Sheet::power).count());
        assertThat(book.surveys(null, null)).allSatisfy(survey -> assertThat(survey.earlier())
                .as("each earlier revision is kept once").hasSize(survey.revision() - 1)
                .isSortedAccordingTo(Comparator.comparingInt(DamageBook.Revision::revision)));
    }

    @Test
    void theSameEventsInAnyOrderGiveTheSameSummary() {
        qt().withExamples(100).forAll(businesses(), longs().all())
            .checkAssert((revisionsPerBusiness, seed) -> sameSummaryInAnyOrder(revisionsPerBusiness, new Random(seed)));
    }

    private static void sameSummaryInAnyOrder(List<List<Sheet>> revisionsPerBusiness, Random order) {
        List<BusinessDamageSurveyed> events = new ArrayList<>();
        for (int b = 0; b < revisionsPerBusiness.size(); b++) {
            for (int r = 0; r < revisionsPerBusiness.get(b).size(); r++) {
                events.add(surveyed("b-" + b, revisionsPerBusiness.get(b).get(r), r + 1));
            }
        }
        List<BusinessDamageSurveyed> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, order);
        Function<List<BusinessDamageSurveyed>, DamageBook.Summary> summary = arrivals -> {
            DamageBook book = new DamageBook();
            arrivals.forEach(event -> book.apply(event, T0));
            return book.summary("incident-1", T0, List.of());
        };
        DamageBook.Summary inOrder = summary.apply(events);
        DamageBook.Summary anyOrder = summary.apply(shuffled);
        assertThat(anyOrder.districts()).extracting(DamageBook.DistrictSummary::totals, DamageBook.DistrictSummary::grades,
                                                    DamageBook.DistrictSummary::surveyed)
                                        .isEqualTo(inOrder.districts().stream().map(d -> org.assertj.core.groups.Tuple
                                                .tuple(d.totals(), d.grades(), d.surveyed())).toList());
    }

    /** Up to 25 businesses, each with 1 to 4 revisions of a sheet of up to 9 priced items. */
    static Gen<List<List<Sheet>>> businesses() {
        Gen<DamageItem> item = arbitrary().enumValues(DamageCategory.class)
                                          .zip(longs().between(0, 1_000_000_000_000L),
                                               arbitrary().enumValues(ValuationBasis.class), DamageItem::new);
        Gen<Sheet> sheet = arbitrary().enumValues(DamageGrade.class)
                                      .zip(lists().of(item).ofSizeBetween(0, 9), arbitrary().enumValues(Estimate.class),
                                           booleans().all(),
                                           (grade, items, estimate, power) -> new Sheet(null, grade, items, estimate,
                                                                                        power));
        return lists().of(lists().of(sheet).ofSizeBetween(1, 4)).ofSizeBetween(1, 25);
    }

    private static BusinessDamageSurveyed surveyed(String businessId, Sheet sheet, int revision) {
        ReportContent.BusinessDamage content = new ReportContent.BusinessDamage(
                businessId, null, sheet.grade(), sheet.items(), sheet.estimate(), sheet.power(), false);
        return new BusinessDamageSurveyed(CHAMBER, ReportId.of(businessId + "-r" + revision), revision, content,
                                          new ReportFacts(T0, false, null, null, Area.named(DISTRICT)), revision);
    }

    private static long sum(List<Sheet> sheets, DamageItem.Group group) {
        return sheets.stream().flatMap(s -> s.items().stream()).filter(i -> i.category().group() == group)
                     .mapToLong(DamageItem::amountYen).sum();
    }
}
