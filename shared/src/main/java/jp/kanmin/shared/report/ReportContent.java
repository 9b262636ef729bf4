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
    ReportType reportType();

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
    record StaffSafety(int safe, int injured, int missing, int unreachable, Integer ableToWork)
            implements ReportContent {
        @Override
        public ReportType reportType() {
            return ReportType.STAFF_SAFETY;
        }
    }

    enum Severity { NONE, LIGHT, SEVERE }

    /** 自拠点・自施設の被害: how badly one site is hit and whether it still operates. */
    record SiteDamage(String site, Severity severity, Boolean operating) implements ReportContent {
        @Override
        public ReportType reportType() {
            return ReportType.SITE_DAMAGE;
        }
    }

    enum Routes { OPEN, RESTRICTED, CUT }

    /** 周辺の被害状況・アクセス経路; an area that cannot be reached counts as large-scale damage until heard from. */
    record Surroundings(Routes accessRoutes, boolean reachable) implements ReportContent {
        @Override
        public ReportType reportType() {
            return ReportType.SURROUNDINGS;
        }
    }

    /** インフラ停止: a new outage, named by the operator's {@code outageId}, with its first restoration ETA. */
    record Outage(String outageId, InfrastructureSector sector, Integer householdsAffected, Integer sitesAffected,
                  String cause, Instant restorationEta) implements ReportContent {
        @Override
        public ReportType reportType() {
            return ReportType.INFRASTRUCTURE_OUTAGE;
        }
    }

    /** 復旧見込みの更新: a later estimate for an outage already reported; earlier ones are kept. */
    record RestorationEta(String outageId, Instant restorationEta, String reason) implements ReportContent {
        @Override
        public ReportType reportType() {
            return ReportType.INFRASTRUCTURE_OUTAGE;
        }
    }

    /** 復旧: the outage is over. */
    record Restored(String outageId) implements ReportContent {
        @Override
        public ReportType reportType() {
            return ReportType.INFRASTRUCTURE_OUTAGE;
        }
    }

    /** 避難所: open or closed, with capacity and current occupancy. */
    record Shelter(String shelter, boolean open, Integer capacity, Integer occupancy) implements ReportContent {
        @Override
        public ReportType reportType() {
            return ReportType.SHELTER_STATUS;
        }
    }

    enum DeskStatus { OPENED, MOVED, CLOSED }

    /** 相談窓口: opened, moved to an alternative site, or closed. */
    record ConsultationDesk(DeskStatus status, String location) implements ReportContent {
        @Override
        public ReportType reportType() {
            return ReportType.CONSULTATION_DESK;
        }
    }

    enum Recovery { STOPPED, PARTIAL, RESTORED }

    /** 事業の復旧状況 */
    record BusinessRecovery(Recovery status) implements ReportContent {
        @Override
        public ReportType reportType() {
            return ReportType.BUSINESS_RECOVERY;
        }
    }

    /** サプライチェーン: suppliers and customers that are affected. */
    record SupplyChain(List<String> affectedSuppliers, List<String> affectedCustomers) implements ReportContent {
        @Override
        public ReportType reportType() {
            return ReportType.SUPPLY_CHAIN;
        }
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
    record BusinessDamage(String businessId, String businessName, DamageGrade grade, List<DamageItem> items,
                          Estimate estimate, boolean powerOutage, boolean unreachable) implements ReportContent {
        @Override
        public ReportType reportType() {
            return ReportType.DAMAGE_SURVEY;
        }
    }
}
