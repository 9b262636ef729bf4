package jp.kanmin.shared.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import jp.kanmin.shared.organisation.InfrastructureSector;

import java.time.Instant;
import java.util.List;

/** What a status report (報告) says, by kind. Counts are never negative; money is whole yen. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReportContent.StaffSafety.class, name = "STAFF_SAFETY"),
        @JsonSubTypes.Type(value = ReportContent.SiteDamage.class, name = "SITE_DAMAGE"),
        @JsonSubTypes.Type(value = ReportContent.Surroundings.class, name = "SURROUNDINGS"),
        @JsonSubTypes.Type(value = ReportContent.Outage.class, name = "INFRASTRUCTURE_OUTAGE"),
        @JsonSubTypes.Type(value = ReportContent.RestorationEta.class, name = "RESTORATION_ETA"),
        @JsonSubTypes.Type(value = ReportContent.Restored.class, name = "RESTORED"),
        @JsonSubTypes.Type(value = ReportContent.Shelter.class, name = "SHELTER_STATUS"),
        @JsonSubTypes.Type(value = ReportContent.ConsultationDesk.class, name = "CONSULTATION_DESK"),
        @JsonSubTypes.Type(value = ReportContent.BusinessRecovery.class, name = "BUSINESS_RECOVERY"),
        @JsonSubTypes.Type(value = ReportContent.SupplyChain.class, name = "SUPPLY_CHAIN"),
        @JsonSubTypes.Type(value = ReportContent.BusinessDamage.class, name = "DAMAGE_SURVEY")})
public sealed interface ReportContent {

    /** The kind of report this is, as plans name it when a report completes a task. */
    default ReportType reportType() {
        return getClass().getAnnotation(ReportKind.class).plan();
    }

    /**
     * What the report is about within its kind (a site, a shelter, an outage, a business), so that later reports on
     * the same subject read as its 第2報, 第3報; blank when an organisation reports on one thing of that kind.
     */
    default String subject() {
        return switch (this) {
            case SiteDamage c -> nullToBlank(c.site());
            case Outage c -> c.outageId();
            case RestorationEta c -> c.outageId();
            case Restored c -> c.outageId();
            case Shelter c -> nullToBlank(c.shelter());
            case BusinessDamage c -> c.businessId();
            default -> "";
        };
    }

    private static String nullToBlank(String value) {
        return value == null ? "" : value;
    }

    /** 安否確認: staff by state; {@code ableToWork} (出勤可能) when known. */
    @ReportKind(ja = "安否確認", en = "Staff safety", plan = ReportType.STAFF_SAFETY,
                summaryJa = "無事 {safe} / 負傷 {injured} / 行方不明 {missing} / 連絡不通 {unreachable}",
                summaryEn = "safe {safe} / injured {injured} / missing {missing} / unreachable {unreachable}")
    record StaffSafety(int safe, int injured, int missing, int unreachable, Integer ableToWork)
            implements ReportContent {
    }

    enum Severity { NONE, LIGHT, SEVERE }

    /** 自拠点・自施設の被害: how badly one site is hit and whether it still operates. */
    @ReportKind(ja = "拠点の被害状況", en = "Site damage", plan = ReportType.SITE_DAMAGE,
                summaryJa = "{site} {severity} 操業 {operating}",
                summaryEn = "{site} {severity}, operating {operating}")
    record SiteDamage(String site, Severity severity, Boolean operating) implements ReportContent {
    }

    enum Routes { OPEN, RESTRICTED, CUT }

    /** 周辺の被害状況・アクセス経路; an area that cannot be reached counts as large-scale damage until heard from. */
    @ReportKind(ja = "周辺の被害状況", en = "Surroundings", plan = ReportType.SURROUNDINGS,
                summaryJa = "アクセス {accessRoutes} / 到達 {reachable}",
                summaryEn = "access {accessRoutes} / reachable {reachable}")
    record Surroundings(Routes accessRoutes, boolean reachable) implements ReportContent {
    }

    /** インフラ停止: a new outage, named by the operator's {@code outageId}, with its first restoration ETA. */
    @ReportKind(ja = "ライフライン停止", en = "Outage", plan = ReportType.INFRASTRUCTURE_OUTAGE,
                summaryJa = "{sector} {householdsAffected}世帯 {cause} 復旧見込み {restorationEta}",
                summaryEn = "{sector} {householdsAffected} households, {cause}, restoration {restorationEta}")
    record Outage(String outageId, InfrastructureSector sector, Integer householdsAffected, Integer sitesAffected,
                  String cause, Instant restorationEta) implements ReportContent {
    }

    /** 復旧見込みの更新: a later estimate for an outage already reported; earlier ones are kept. */
    @ReportKind(ja = "復旧見込みの更新", en = "Restoration ETA", plan = ReportType.INFRASTRUCTURE_OUTAGE,
                summaryJa = "復旧見込み {restorationEta} {reason}",
                summaryEn = "restoration {restorationEta} {reason}")
    record RestorationEta(String outageId, Instant restorationEta, String reason) implements ReportContent {
    }

    /** 復旧: the outage is over. */
    @ReportKind(ja = "復旧", en = "Restored", plan = ReportType.INFRASTRUCTURE_OUTAGE,
                summaryJa = "{outageId} 復旧",
                summaryEn = "{outageId} restored")
    record Restored(String outageId) implements ReportContent {
    }

    /** 避難所: open or closed, with capacity and current occupancy. */
    @ReportKind(ja = "避難所", en = "Shelter", plan = ReportType.SHELTER_STATUS,
                summaryJa = "{shelter} 開設 {open} {occupancy}/{capacity}人",
                summaryEn = "{shelter} open {open} {occupancy}/{capacity} people")
    record Shelter(String shelter, boolean open, Integer capacity, Integer occupancy) implements ReportContent {
    }

    enum DeskStatus { OPENED, MOVED, CLOSED }

    /** 相談窓口: opened, moved to an alternative site, or closed. */
    @ReportKind(ja = "相談窓口", en = "Consultation desk", plan = ReportType.CONSULTATION_DESK,
                summaryJa = "{status} {location}",
                summaryEn = "{status} {location}")
    record ConsultationDesk(DeskStatus status, String location) implements ReportContent {
    }

    enum Recovery { STOPPED, PARTIAL, RESTORED }

    /** 事業の復旧状況 */
    @ReportKind(ja = "事業の復旧", en = "Business recovery", plan = ReportType.BUSINESS_RECOVERY,
                summaryJa = "{status}",
                summaryEn = "{status}")
    record BusinessRecovery(Recovery status) implements ReportContent {
    }

    /** サプライチェーン: suppliers and customers that are affected. */
    @ReportKind(ja = "サプライチェーン", en = "Supply chain", plan = ReportType.SUPPLY_CHAIN,
                summaryJa = "仕入先 {affectedSuppliers} / 納入先 {affectedCustomers}",
                summaryEn = "suppliers {affectedSuppliers} / customers {affectedCustomers}")
    record SupplyChain(List<String> affectedSuppliers, List<String> affectedCustomers) implements ReportContent {
    }

    /**
     * 被害調査: one business's damage, surveyed by its chamber or park. A later survey of the same business is a
     * revision that replaces it in every total.
     *
     * @param grade        非住家被害 of its business building
     * @param items        商工被害 and building amounts with their basis
     * @param estimate     概算 (rough) or 確定 (confirmed)
     * @param powerOutage  the business has no power
     * @param unreachable  the business could not be reached (counts as large-scale damage)
     */
    @ReportKind(ja = "被害調査", en = "Damage survey", plan = ReportType.DAMAGE_SURVEY,
                summaryJa = "{businessName} {grade} {estimate}",
                summaryEn = "{businessName} {grade} {estimate}")
    record BusinessDamage(String businessId, String businessName, DamageGrade grade, List<DamageItem> items,
                          Estimate estimate, boolean powerOutage, boolean unreachable) implements ReportContent {
    }
}
