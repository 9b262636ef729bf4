package jp.kanmin.shared.report;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * One priced item of damage, in whole yen (never floating point).
 *
 * @param basis how it was priced, as the guideline asks for that category
 */
public record DamageItem(@NotNull DamageCategory category,
                         @NotNull @PositiveOrZero @Max(ReportContent.MAX_YEN) Long amountYen,
                         @NotNull ValuationBasis basis) {

    /** 被害区分: what was damaged, and which total it counts in. */
    public enum DamageCategory {
        /** 事業用建物 (非住家) */
        BUILDING(Group.BUILDING),
        /** 商品・製品 */
        GOODS(Group.GOODS),
        /** 仕掛品 */
        WORK_IN_PROGRESS(Group.GOODS),
        /** 原材料 */
        RAW_MATERIALS(Group.GOODS),
        /** 構築物 */
        STRUCTURES(Group.EQUIPMENT),
        /** 車輛運搬具 */
        VEHICLES(Group.EQUIPMENT),
        /** 工具 */
        TOOLS(Group.EQUIPMENT),
        /** 器具備品 */
        FIXTURES(Group.EQUIPMENT),
        /** 機械装置 */
        MACHINERY(Group.EQUIPMENT);

        private final Group group;

        DamageCategory(Group group) {
            this.group = group;
        }

        public Group group() {
            return group;
        }
    }

    /** The totals a district reports: building / equipment / goods (建物・設備・商品). */
    public enum Group { BUILDING, EQUIPMENT, GOODS }

    /** 被害額の算定基準 */
    public enum ValuationBasis {
        /** 再調達価格 */
        REPLACEMENT,
        /** 修繕費 */
        REPAIR,
        /** 撤去費用 */
        REMOVAL,
        /** 仕入原価 */
        PURCHASE_COST,
        /** 製造原価 */
        PRODUCTION_COST
    }
}
