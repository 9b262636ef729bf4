package jp.kanmin.ops.bench.micro;

import jp.kanmin.query.damage.DamageBook;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent.BusinessDamageSurveyed;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.report.Area;
import jp.kanmin.shared.report.DamageGrade;
import jp.kanmin.shared.report.DamageItem;
import jp.kanmin.shared.report.Estimate;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * 被害額集計: a chamber's damage survey sheets (被害調査) folded into per-district totals, the grade counts and the
 * damage-scale suggestion, as the damage board and its CSV sheet compute them on every request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DamageSummaryBenchmark {

    private static final Instant T0 = Instant.parse("2026-11-20T06:00:00Z");
    private static final String CHAMBER = "fukuchiyama-chamber";

    /** Surveyed businesses, spread over twenty districts, each surveyed twice (a rough, then a confirmed sheet). */
    @Param({"1000", "10000"})
    public int businesses;

    private List<BusinessDamageSurveyed> surveys;
    private List<DamageBook.DistrictDefinition> districts;
    private DamageBook book;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        ParticipationId chamber = new ParticipationId(IncidentId.of("6f1c2d3e-0000-4000-8000-000000000001"),
                                                      OrganisationId.of(CHAMBER));
        surveys = new ArrayList<>();
        districts = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            districts.add(new DamageBook.DistrictDefinition(CHAMBER, district(d), businesses / 10, "fukuchiyama-city",
                                                            "makinohara-002"));
        }
        DamageGrade[] grades = DamageGrade.values();
        for (int revision = 1; revision <= 2; revision++) {
            for (int b = 0; b < businesses; b++) {
                List<DamageItem> items = List.of(
                        new DamageItem(DamageItem.DamageCategory.values()[b % DamageItem.DamageCategory.values().length],
                                       random.nextLong(50_000_000), DamageItem.ValuationBasis.REPLACEMENT));
                ReportContent.BusinessDamage sheet = new ReportContent.BusinessDamage(
                        "b-" + b, "事業所 " + b, grades[random.nextInt(grades.length)], items,
                        revision == 1 ? Estimate.ROUGH : Estimate.CONFIRMED, random.nextInt(3) == 0, false);
                ReportFacts facts = new ReportFacts(T0, false, null, null, new Area(district(b % 20), null, null, null));
                surveys.add(new BusinessDamageSurveyed(chamber, ReportId.derivedFrom("s-" + b + "-" + revision), b,
                                                       sheet, facts, revision));
            }
        }
        book = fold();
    }

    private static String district(int d) {
        return "地区" + d;
    }

    /** Every sheet into a fresh book: what a replay or an {@code asOf} view does. */
    @Benchmark
    public DamageBook fold() {
        DamageBook fresh = new DamageBook();
        for (BusinessDamageSurveyed survey : surveys) {
            fresh.apply(survey, T0);
        }
        return fresh;
    }

    /** The per-district summary of a full book: what every damage board request computes. */
    @Benchmark
    public DamageBook.Summary summary() {
        return book.summary("incident", T0, districts);
    }
}
