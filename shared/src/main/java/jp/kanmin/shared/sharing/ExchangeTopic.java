package jp.kanmin.shared.sharing;

/** What organisations share with each other (情報共有の内容). */
public enum ExchangeTopic {
    /** 被害状況: the (rough) damage picture. */
    DAMAGE_PICTURE,
    /** 安否・体制: staff safety and readiness. */
    SAFETY_STATUS,
    /** インフラ状況・復旧見込み */
    INFRASTRUCTURE_STATUS,
    /** 支援ニーズ */
    SUPPORT_NEEDS,
    /** 支援策・施策の周知 */
    SUPPORT_SCHEMES,
    /** その他の情報提供 */
    GENERAL
}
