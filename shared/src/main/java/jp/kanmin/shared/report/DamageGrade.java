package jp.kanmin.shared.report;

/**
 * 非住家被害 of a business building (中小企業BCP運用指針 第2版). Severe damage in the plans' sense is 全壊, 半壊 and
 * 床上浸水; light damage is 一部破壊 and 床下浸水 (roof tiles, windows).
 */
public enum DamageGrade {
    /** 被害なし */
    NONE,
    /** 全壊: over 70% of floor area, function lost; priced as removal plus replacement. */
    TOTAL_COLLAPSE,
    /** 半壊: repairable; removal plus replacement or repair. */
    HALF_COLLAPSE,
    /** 一部破壊: repair cost needed to restart. */
    PARTIAL_DAMAGE,
    /** 床上浸水 */
    FLOODED_ABOVE_FLOOR,
    /** 床下浸水 */
    FLOODED_BELOW_FLOOR;

    public boolean isSevere() {
        return this == TOTAL_COLLAPSE || this == HALF_COLLAPSE || this == FLOODED_ABOVE_FLOOR;
    }

    public boolean isLight() {
        return this == PARTIAL_DAMAGE || this == FLOODED_BELOW_FLOOR;
    }
}
