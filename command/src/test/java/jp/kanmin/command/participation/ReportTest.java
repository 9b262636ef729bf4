package jp.kanmin.command.participation;

import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.command.testing.TestData;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.organisation.InfrastructureSector;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.participation.ParticipationCommands.ConfirmReport;
import jp.kanmin.shared.participation.ParticipationEvent.BusinessDamageSurveyed;
import jp.kanmin.shared.participation.ParticipationEvent.OutageReported;
import jp.kanmin.shared.participation.ParticipationEvent.OutageRestored;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.ReportConfirmed;
import jp.kanmin.shared.participation.ParticipationEvent.RestorationEtaUpdated;
import jp.kanmin.shared.participation.ParticipationEvent.SiteDamageReported;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.PostReport;
import jp.kanmin.shared.participation.PostReports;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.report.Area;
import jp.kanmin.shared.report.DamageGrade;
import jp.kanmin.shared.report.DamageItem;
import jp.kanmin.shared.report.Estimate;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static jp.kanmin.command.testing.TestData.CHAMBER;
import static jp.kanmin.command.testing.TestData.POWER;
import static jp.kanmin.command.testing.TestData.ZERO_HOUR;
import static jp.kanmin.command.testing.TestData.participationOf;
import static jp.kanmin.command.testing.TestData.staffSafety;
import static jp.kanmin.command.testing.TestData.staffSafetyReported;
import static jp.kanmin.command.testing.TestData.started;

/** Status reports of every kind: numbering, corrections, confirmation, outages and damage surveys. */
class ReportTest {

    private static final ParticipationId CHAMBER_PART = participationOf(CHAMBER);
    private static final ParticipationId POWER_PART = participationOf(POWER);
    private static final Instant OBSERVED = ZERO_HOUR.plus(Duration.ofMinutes(30));
    private static final ReportFacts FACTS = ReportFacts.observedAt(OBSERVED);

    private AggregateTestFixture<Participation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forParticipation();
    }

    @Test
    void reportsAreNumberedPerKind() {
        ReportId damage = ReportId.random();
        ReportContent.SiteDamage content = new ReportContent.SiteDamage("本社工場", ReportContent.Severity.LIGHT, true);
        fixture.given(started(CHAMBER, ZERO_HOUR),
                      staffSafetyReported(CHAMBER_PART, ReportId.random(), 1, 5, 0, 0, 0, null, OBSERVED),
                      staffSafetyReported(CHAMBER_PART, ReportId.random(), 2, 6, 0, 0, 0, null, OBSERVED))
               .when(new PostReport(CHAMBER_PART, damage, content, FACTS))
               .expectEvents(new SiteDamageReported(CHAMBER_PART, damage, 1, content, FACTS));
    }

    @Test
    void aCorrectionNamesAnEarlierReportOfTheSameKind() {
        ReportId first = ReportId.random();
        ReportId correction = ReportId.random();
        ReportFacts corrects = new ReportFacts(OBSERVED, false, first, "人数訂正", null);
        fixture.given(started(CHAMBER, ZERO_HOUR), staffSafetyReported(CHAMBER_PART, first, 1, 5, 0, 0, 0, null, OBSERVED))
               .when(new PostReport(CHAMBER_PART, correction, new ReportContent.StaffSafety(6, 0, 0, 0, null), corrects))
               .expectSuccessfulHandlerExecution()
               .expectEvents(new jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported(
                       CHAMBER_PART, correction, 2, new ReportContent.StaffSafety(6, 0, 0, 0, null), corrects));
    }

    @Test
    void aCorrectionOfAnUnknownOrDifferentReportIsRefused() {
        fixture.given(started(CHAMBER, ZERO_HOUR), staffSafetyReported(CHAMBER_PART, ReportId.of("r1"), 1, 5, 0, 0, 0,
                                                                       null, OBSERVED))
               .when(new PostReport(CHAMBER_PART, ReportId.random(),
                                    new ReportContent.SiteDamage("倉庫", ReportContent.Severity.NONE, true),
                                    new ReportFacts(OBSERVED, false, ReportId.of("r1"), null, null)))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void anUnconfirmedReportIsConfirmedOnce() {
        ReportId heard = ReportId.random();
        fixture.given(started(CHAMBER, ZERO_HOUR),
                      new jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported(
                              CHAMBER_PART, heard, 1, new ReportContent.StaffSafety(5, 0, 1, 0, null),
                              new ReportFacts(OBSERVED, true, null, "未確認: 1名連絡なし", null)))
               .when(new ConfirmReport(CHAMBER_PART, heard, "本人と連絡がついた"))
               .expectEvents(new ReportConfirmed(CHAMBER_PART, heard, "本人と連絡がついた"));
    }

    @Test
    void theRestorationEtaOfAnOutageKeepsItsHistory() {
        Instant firstEta = ZERO_HOUR.plus(Duration.ofHours(6));
        Instant laterEta = ZERO_HOUR.plus(Duration.ofHours(12));
        ReportId update = ReportId.random();
        ReportContent.RestorationEta slipped = new ReportContent.RestorationEta("fukuchiyama-east", laterEta, "倒木");
        fixture.given(started(POWER, ZERO_HOUR),
                      new OutageReported(POWER_PART, ReportId.random(), 1,
                                         new ReportContent.Outage("fukuchiyama-east", InfrastructureSector.POWER, 1200,
                                                                  35, "送電線断線", firstEta), FACTS))
               .when(new PostReport(POWER_PART, update, slipped, FACTS))
               .expectEvents(new RestorationEtaUpdated(POWER_PART, update, 2, slipped, FACTS, firstEta));
    }

    @Test
    void anEtaForAnOutageNeverReportedIsRefused() {
        fixture.given(started(POWER, ZERO_HOUR))
               .when(new PostReport(POWER_PART, ReportId.random(),
                                    new ReportContent.RestorationEta("nowhere", ZERO_HOUR, null), FACTS))
               .expectException(RuleViolation.class);
    }

    @Test
    void anOutageIsRestored() {
        ReportId restored = ReportId.random();
        fixture.given(started(POWER, ZERO_HOUR),
                      new OutageReported(POWER_PART, ReportId.random(), 1,
                                         new ReportContent.Outage("east", InfrastructureSector.POWER, 10, 1, null, null),
                                         FACTS))
               .when(new PostReport(POWER_PART, restored, new ReportContent.Restored("east"), FACTS))
               .expectEvents(new OutageRestored(POWER_PART, restored, 2, new ReportContent.Restored("east"), FACTS));
    }

    @Test
    void theSameOutageIsNotReportedTwice() {
        ReportContent.Outage outage = new ReportContent.Outage("east", InfrastructureSector.POWER, 10, 1, null, null);
        fixture.given(started(POWER, ZERO_HOUR), new OutageReported(POWER_PART, ReportId.random(), 1, outage, FACTS))
               .when(new PostReport(POWER_PART, ReportId.random(), outage, FACTS))
               .expectException(RuleViolation.class);
    }

    private static ReportContent.BusinessDamage survey(long goodsYen) {
        return new ReportContent.BusinessDamage("b-001", "相良製茶", DamageGrade.PARTIAL_DAMAGE,
                                                List.of(new DamageItem(DamageItem.DamageCategory.GOODS, goodsYen,
                                                                       DamageItem.ValuationBasis.PURCHASE_COST)),
                                                Estimate.ROUGH, true, false);
    }

    @Test
    void aChamberSurveysABusinessAndARevisionCountsUp() {
        ReportFacts inDistrict = new ReportFacts(OBSERVED, false, null, null, Area.named("相良地区"));
        ReportId revision = ReportId.random();
        fixture.given(started(CHAMBER, ZERO_HOUR),
                      new BusinessDamageSurveyed(CHAMBER_PART, ReportId.random(), 1, survey(300_000), inDistrict, 1))
               .when(new PostReport(CHAMBER_PART, revision, survey(450_000), inDistrict))
               .expectEvents(new BusinessDamageSurveyed(CHAMBER_PART, revision, 2, survey(450_000), inDistrict, 2));
    }

    @Test
    void negativeDamageAmountsAreRefused() {
        fixture.given(started(CHAMBER, ZERO_HOUR))
               .when(new PostReport(CHAMBER_PART, ReportId.random(), survey(-1), FACTS))
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }

    @Test
    void onlyChambersAndParksSurveyBusinesses() {
        fixture.given(new ParticipationStarted(POWER_PART, ZERO_HOUR, OrganisationType.INFRASTRUCTURE_OPERATOR,
                                               IncidentKind.EARTHQUAKE, TestData.PLAN_VERSION, null))
               .when(new PostReport(POWER_PART, ReportId.random(), survey(1), FACTS))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.FORBIDDEN));
    }

    @Test
    void aStaffSafetyReportWithNegativeCountsIsRefused() {
        fixture.given(started(CHAMBER, ZERO_HOUR))
               .when(staffSafety(CHAMBER_PART, ReportId.random(), 1, -2, 0, 0, null, OBSERVED))
               .expectException(RuleViolation.class);
    }

    @Test
    void aBatchIsNumberedInOrderAndMayReviseWhatItSurveyedEarlierInTheSameBatch() {
        ReportFacts inDistrict = new ReportFacts(OBSERVED, false, null, null, Area.named("相良地区"));
        ReportId first = ReportId.random();
        ReportId second = ReportId.random();
        fixture.given(started(CHAMBER, ZERO_HOUR))
               .when(new PostReports(CHAMBER_PART, List.of(new PostReports.Report(first, survey(100), inDistrict),
                                                           new PostReports.Report(second, survey(200), inDistrict))))
               .expectEvents(new BusinessDamageSurveyed(CHAMBER_PART, first, 1, survey(100), inDistrict, 1),
                             new BusinessDamageSurveyed(CHAMBER_PART, second, 2, survey(200), inDistrict, 2));
    }

    @Test
    void oneBadReportRefusesTheWholeBatchNamingItsPlace() {
        fixture.given(started(CHAMBER, ZERO_HOUR))
               .when(new PostReports(CHAMBER_PART, List.of(new PostReports.Report(ReportId.random(), survey(1), FACTS),
                                                           new PostReports.Report(ReportId.random(), survey(-1), FACTS))))
               .expectNoEvents()
               .expectException(new org.hamcrest.TypeSafeMatcher<Throwable>() {
                   @Override
                   protected boolean matchesSafely(Throwable item) {
                       return item instanceof RuleViolation violation
                               && violation.field() != null && violation.field().startsWith("reports[1].");
                   }

                   @Override
                   public void describeTo(org.hamcrest.Description description) {
                       description.appendText("a refusal of reports[1]");
                   }
               });
    }
}
