package jp.kanmin.shared.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jp.kanmin.shared.organisation.InfrastructureSector;

import java.time.Instant;
import java.util.List;

/**
 * What a status report (報告) says, by kind. Each kind is declared once, here: its fields and their rules (which a
 * posted body must meet), its name, summary line and example ({@link ReportKind}), and its place in the {@code type}
 * list. Counts are never negative; money is whole yen. Fields a client may leave out get their default in the record,
 * so stored events and new posts read alike.
 */
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

    int MAX_COUNT = 10_000_000;
    long MAX_YEN = 1_000_000_000_000L;
    /** An id a client chooses (an outage, a business, a report it corrects). */
    String ID = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";

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
                summaryEn = "safe {safe} / injured {injured} / missing {missing} / unreachable {unreachable}",
                example = """
                        {"type": "STAFF_SAFETY", "safe": 180, "injured": 2, "missing": 0, "unreachable": 3,
                        "ableToWork": 150, "note": "団地内企業 12社中 10社から回答。2社未確認。"}""")
    record StaffSafety(@NotNull @PositiveOrZero @Max(MAX_COUNT) Integer safe,
                       @NotNull @PositiveOrZero @Max(MAX_COUNT) Integer injured,
                       @NotNull @PositiveOrZero @Max(MAX_COUNT) Integer missing,
                       @PositiveOrZero @Max(MAX_COUNT) Integer unreachable,
                       @PositiveOrZero @Max(MAX_COUNT) Integer ableToWork) implements ReportContent {
        public StaffSafety {
            unreachable = unreachable == null ? 0 : unreachable;
        }
    }

    enum Severity { NONE, LIGHT, SEVERE }

    /** 自拠点・自施設の被害: how badly one site is hit and whether it still operates. */
    @ReportKind(ja = "拠点の被害状況", en = "Site damage", plan = ReportType.SITE_DAMAGE,
                summaryJa = "{site} {severity} 操業 {operating}",
                summaryEn = "{site} {severity}, operating {operating}",
                example = """
                        {"type": "SITE_DAMAGE", "site": "第2工場", "severity": "LIGHT", "operating": true,
                        "note": "窓ガラス破損、操業に支障なし"}""")
    record SiteDamage(@Size(max = 200) String site, @NotNull Severity severity, Boolean operating)
            implements ReportContent {
    }

    enum Routes { OPEN, RESTRICTED, CUT }

    /** 周辺の被害状況・アクセス経路; an area that cannot be reached counts as large-scale damage until heard from. */
    @ReportKind(ja = "周辺の被害状況", en = "Surroundings", plan = ReportType.SURROUNDINGS,
                summaryJa = "アクセス {accessRoutes} / 到達 {reachable}",
                summaryEn = "access {accessRoutes} / reachable {reachable}",
                example = """
                        {"type": "SURROUNDINGS", "accessRoutes": "CUT", "reachable": false, "area": {"name": "長田野地区",
                        "districtOf": "fukuchiyama-chamber"}}""")
    record Surroundings(@NotNull Routes accessRoutes, @NotNull Boolean reachable) implements ReportContent {
    }

    /** インフラ停止: a new outage, named by the operator's {@code outageId}, with its first restoration ETA. */
    @ReportKind(ja = "ライフライン停止", en = "Outage", plan = ReportType.INFRASTRUCTURE_OUTAGE,
                summaryJa = "{sector} {householdsAffected}世帯 {cause} 復旧見込み {restorationEta}",
                summaryEn = "{sector} {householdsAffected} households, {cause}, restoration {restorationEta}",
                example = """
                        {"type": "INFRASTRUCTURE_OUTAGE", "outageId": "fukuchiyama-2026-11-26-1", "sector": "POWER",
                        "householdsAffected": 3200, "sitesAffected": 41, "cause": "配電線の断線",
                        "restorationEta": "2026-11-26T18:00:00Z", "area": {"name": "長田野町"}}""")
    record Outage(@NotNull @Pattern(regexp = ID) String outageId, @NotNull InfrastructureSector sector,
                  @PositiveOrZero @Max(MAX_COUNT) Integer householdsAffected,
                  @PositiveOrZero @Max(MAX_COUNT) Integer sitesAffected, @Size(max = 500) String cause,
                  Instant restorationEta) implements ReportContent {
    }

    /** 復旧見込みの更新: a later estimate for an outage already reported; earlier ones are kept. */
    @ReportKind(ja = "復旧見込みの更新", en = "Restoration ETA", plan = ReportType.INFRASTRUCTURE_OUTAGE,
                summaryJa = "復旧見込み {restorationEta} {reason}",
                summaryEn = "restoration {restorationEta} {reason}",
                example = """
                        {"type": "RESTORATION_ETA", "outageId": "fukuchiyama-2026-11-26-1",
                        "restorationEta": "2026-11-27T06:00:00Z", "reason": "倒木で作業車が進入できない"}""")
    record RestorationEta(@NotNull @Pattern(regexp = ID) String outageId, @NotNull Instant restorationEta,
                          @Size(max = 500) String reason) implements ReportContent {
    }

    /** 復旧: the outage is over. */
    @ReportKind(ja = "復旧", en = "Restored", plan = ReportType.INFRASTRUCTURE_OUTAGE,
                summaryJa = "{outageId} 復旧",
                summaryEn = "{outageId} restored",
                example = """
                        {"type": "RESTORED", "outageId": "fukuchiyama-2026-11-26-1"}""")
    record Restored(@NotNull @Pattern(regexp = ID) String outageId) implements ReportContent {
    }

    /** 避難所: open or closed, with capacity and current occupancy. */
    @ReportKind(ja = "避難所", en = "Shelter", plan = ReportType.SHELTER_STATUS,
                summaryJa = "{shelter} 開設 {open} {occupancy}/{capacity}人",
                summaryEn = "{shelter} open {open} {occupancy}/{capacity} people",
                example = """
                        {"type": "SHELTER_STATUS", "shelter": "長田野体育館", "open": true, "capacity": 300,
                        "occupancy": 112}""")
    record Shelter(@NotBlank @Size(max = 200) String shelter, @NotNull Boolean open,
                   @PositiveOrZero @Max(MAX_COUNT) Integer capacity, @PositiveOrZero @Max(MAX_COUNT) Integer occupancy)
            implements ReportContent {
    }

    enum DeskStatus { OPENED, MOVED, CLOSED }

    /** 相談窓口: opened, moved to an alternative site, or closed. */
    @ReportKind(ja = "相談窓口", en = "Consultation desk", plan = ReportType.CONSULTATION_DESK,
                summaryJa = "{status} {location}",
                summaryEn = "{status} {location}",
                example = """
                        {"type": "CONSULTATION_DESK", "status": "OPENED", "location": "福知山商工会議所 1階"}""")
    record ConsultationDesk(@NotNull DeskStatus status, @Size(max = 300) String location) implements ReportContent {
    }

    enum Recovery { STOPPED, PARTIAL, RESTORED }

    /** 事業の復旧状況 */
    @ReportKind(ja = "事業の復旧", en = "Business recovery", plan = ReportType.BUSINESS_RECOVERY,
                summaryJa = "{status}",
                summaryEn = "{status}",
                example = """
                        {"type": "BUSINESS_RECOVERY", "status": "PARTIAL", "note": "1ライン再稼働"}""")
    record BusinessRecovery(@NotNull Recovery status) implements ReportContent {
    }

    /** サプライチェーン: suppliers and customers that are affected. */
    @ReportKind(ja = "サプライチェーン", en = "Supply chain", plan = ReportType.SUPPLY_CHAIN,
                summaryJa = "仕入先 {affectedSuppliers} / 納入先 {affectedCustomers}",
                summaryEn = "suppliers {affectedSuppliers} / customers {affectedCustomers}",
                example = """
                        {"type": "SUPPLY_CHAIN", "affectedSuppliers": ["樹脂材料 A社"],
                        "affectedCustomers": ["B自動車 福知山工場"]}""")
    record SupplyChain(@Size(max = 200) List<@NotBlank @Size(max = 200) String> affectedSuppliers,
                       @Size(max = 200) List<@NotBlank @Size(max = 200) String> affectedCustomers)
            implements ReportContent {
        public SupplyChain {
            affectedSuppliers = affectedSuppliers == null ? List.of() : affectedSuppliers;
            affectedCustomers = affectedCustomers == null ? List.of() : affectedCustomers;
        }
    }

    /**
     * 被害調査: one business's damage, surveyed by its chamber or park. A later survey of the same business is a
     * revision that replaces it in every total. Its report names the business's {@code area}, which must lie in one
     * of the surveyor's districts.
     *
     * @param grade        非住家被害 of its business building
     * @param items        商工被害 and building amounts with their basis
     * @param estimate     概算 (rough) or 確定 (confirmed)
     * @param powerOutage  the business has no power
     * @param unreachable  the business could not be reached (counts as large-scale damage)
     */
    @ReportKind(ja = "被害調査", en = "Damage survey", plan = ReportType.DAMAGE_SURVEY,
                summaryJa = "{businessName} {grade} {estimate}",
                summaryEn = "{businessName} {grade} {estimate}",
                example = """
                        {"type": "DAMAGE_SURVEY", "businessId": "b-010", "businessName": "長田野精工",
                        "grade": "HALF_COLLAPSE", "estimate": "ROUGH", "powerOutage": true, "area": {"name": "長田野地区"},
                        "items": [{"category": "BUILDING", "amountYen": 12000000, "basis": "REPLACEMENT"},
                        {"category": "MACHINERY", "amountYen": 3500000, "basis": "REPAIR"}]}""")
    record BusinessDamage(@NotNull @Pattern(regexp = ID) String businessId, @Size(max = 200) String businessName,
                          @NotNull DamageGrade grade, @Size(max = 50) List<@NotNull @Valid DamageItem> items,
                          @NotNull Estimate estimate, Boolean powerOutage, Boolean unreachable)
            implements ReportContent {
        public BusinessDamage {
            items = items == null ? List.of() : items;
            powerOutage = Boolean.TRUE.equals(powerOutage);
            unreachable = Boolean.TRUE.equals(unreachable);
        }
    }
}
