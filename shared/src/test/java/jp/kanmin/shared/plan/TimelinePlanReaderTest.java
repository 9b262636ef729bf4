package jp.kanmin.shared.plan;

import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.report.DamageScale;
import jp.kanmin.shared.sharing.ExchangeTopic;
import jp.kanmin.shared.report.ReportType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelinePlanReaderTest {

    static final TimelinePlan DEFAULTS = TimelinePlanReader.readResource("/plans/default-plans.yaml");

    @Test
    void theDefaultPlansCoverEveryIncidentKindAndEveryOrganisationType() {
        for (IncidentKind kind : IncidentKind.values()) {
            assertThat(DEFAULTS.planFor(kind)).as("plan for %s", kind).isPresent();
            for (OrganisationType type : OrganisationType.values()) {
                assertThat(DEFAULTS.tasksFor(kind, type)).as("%s tasks of %s", kind, type).isNotEmpty();
            }
        }
    }

    /** Seed 001's tiered tasks, one plan line per bullet, for the four organisation types it lists. */
    @Test
    void theEarthquakePlanHasEveryTaskOfSeed001() {
        assertThat(titles(OrganisationType.MUNICIPALITY)).contains(
                "職員の安全確認・確保", "周辺の被害状況の把握", "管轄領域の被害状況把握 (大まかな被害状況の共有)", "地域住民の安全確保",
                "産業の早期復旧支援", "避難所の開設・運営", "被害状況・復旧状況の公開", "相談窓口の開設・運営", "各種補助金政策の実施",
                "住民、企業等に向けた各種情報提供");
        assertThat(titles(OrganisationType.PREFECTURE)).contains(
                "職員の安全確認・確保", "周辺の被害状況の把握", "被災エリアの被害状況把握", "産業の早期復旧支援", "被害状況・復旧状況の公開",
                "各種政策の実施", "国内外に向けた各種情報提供");
        assertThat(titles(OrganisationType.NATIONAL_GOVERNMENT)).contains("国民の安全確保", "各種政策の実施");
        assertThat(titles(OrganisationType.COMPANY)).contains(
                "社員の安全確認・確保", "自拠点の被害状況把握", "周辺の被害状況の把握", "事業の復旧・再開", "お客様の問合せ対応",
                "地域復旧への社員派遣", "サプライチェーン状況把握", "利害関係者への応援要請", "企業の取組 (CSRの観点) 等の各種情報提供");
        assertThat(titles(OrganisationType.INFRASTRUCTURE_OPERATOR)).contains(
                "社員の安全確認・確保", "自施設の被害状況の把握", "周辺の被害状況の把握", "優先復旧対応", "医療機関等へのリソース配分",
                "同業他社への応援要請", "地域リソースの有効活用", "インフラ停止状況、復旧見込み、災害対策等の各種情報提供");
        assertThat(titles(OrganisationType.INDUSTRIAL_PARK)).contains(
                "団地対策本部の設置 (団地対策本部設置要領)", "連絡調整員の点呼", "団地内企業の安否確認");
    }

    @Test
    void theChambersTasksCarryTheSeedsDeadlinesAndTheirDamageScaleConditions() {
        List<PlannedTask> chamber = DEFAULTS.tasksFor(IncidentKind.EARTHQUAKE, OrganisationType.CHAMBER_OF_COMMERCE);
        PlannedTask staffSafety = task(chamber, "staff-safety");
        assertThat(staffSafety.due()).isEqualTo(Duration.ofHours(2));
        assertThat(staffSafety.completedBy()).isEqualTo(Completion.byReport(ReportType.STAFF_SAFETY));
        assertThat(task(chamber, "rough-damage-picture").due()).isEqualTo(Duration.ofDays(3));
        assertThat(task(chamber, "rough-damage-picture").completedBy())
                .isEqualTo(Completion.byExchange(ExchangeTopic.DAMAGE_PICTURE));
        assertThat(task(chamber, "special-consultation-desk").openWhen()).isEqualTo(DamageScale.DAMAGE);
        assertThat(chamber).extracting(PlannedTask::tier).allMatch(tier -> tier >= 1 && tier <= 3);
    }

    @Test
    void aTyphoonsTimelineStartsBeforeLandfall() {
        assertThat(DEFAULTS.tasksFor(IncidentKind.TYPHOON, OrganisationType.MUNICIPALITY))
                .anySatisfy(task -> assertThat(task.due()).isNegative());
    }

    @Test
    void aPlanWithMistakesIsRefusedNamingTheFileTheTaskAndEachProblem() {
        String yaml = """
                version: "test-1"
                name: broken
                plans:
                  - name: all
                    incidentKinds: [EARTHQUAKE, TSUNAMI, TYPHOON, FLOOD, HEAVY_RAIN, VOLCANO, HEAVY_SNOW, PANDEMIC, OTHER]
                    organisations:
                      CHAMBER_OF_COMMERCE:
                        - {id: staff-safety, tier: 4, ja: 安否確認, en: Staff safety, due: two hours}
                        - {id: survey, tier: 2, ja: 調査, en: Survey, due: P7D, completedBy: {report: GOSSIP}}
                """;

        assertThatThrownBy(() -> TimelinePlanReader.read(yaml, "plans/broken.yaml"))
                .isInstanceOf(TimelinePlanReader.InvalidPlanException.class)
                .hasMessageContaining("plans/broken.yaml, plan all / CHAMBER_OF_COMMERCE, task staff-safety: tier must be")
                .hasMessageContaining("task staff-safety: due 'two hours' is not an ISO-8601 duration")
                .hasMessageContaining("task survey: unknown report type 'GOSSIP'");
    }

    @Test
    void everyIncidentKindMustHaveAPlan() {
        String yaml = """
                version: "test-2"
                name: partial
                plans:
                  - name: quakes
                    incidentKinds: [EARTHQUAKE]
                    organisations:
                      OTHER:
                        - {id: staff-safety, tier: 1, ja: 安否確認, en: Staff safety, due: PT2H}
                """;

        assertThatThrownBy(() -> TimelinePlanReader.read(yaml, "partial.yaml"))
                .hasMessageContaining("partial.yaml: no plan covers incident kinds")
                .hasMessageContaining("TYPHOON");
    }

    @Test
    void readsAPlanBackEqualInContent() {
        TimelinePlan again = TimelinePlanReader.readResource("/plans/default-plans.yaml");
        assertThat(again).isEqualTo(DEFAULTS);
        assertThat(EnumSet.copyOf(DEFAULTS.plans().stream().flatMap(p -> p.incidentKinds().stream()).toList()))
                .isEqualTo(EnumSet.allOf(IncidentKind.class));
    }

    private static List<String> titles(OrganisationType type) {
        return DEFAULTS.tasksFor(IncidentKind.EARTHQUAKE, type).stream().map(task -> task.title().ja()).toList();
    }

    private static PlannedTask task(List<PlannedTask> tasks, String id) {
        return tasks.stream().filter(task -> task.id().value().equals(id)).findFirst().orElseThrow();
    }
}
