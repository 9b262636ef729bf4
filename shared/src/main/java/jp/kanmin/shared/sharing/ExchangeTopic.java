package jp.kanmin.shared.sharing;

/** What organisations share with each other (情報共有の内容). */
public enum ExchangeTopic {
    /** 被害状況: the (rough) damage picture. */
    DAMAGE_PICTURE("被害状況"),
    /** 安否・体制: staff safety and readiness. */
    SAFETY_STATUS("安否・体制"),
    /** インフラ状況・復旧見込み */
    INFRASTRUCTURE_STATUS("インフラ状況"),
    /** 支援ニーズ */
    SUPPORT_NEEDS("支援ニーズ"),
    /** 支援策・施策の周知 */
    SUPPORT_SCHEMES("支援策"),
    /** その他の情報提供 */
    GENERAL("その他の情報");

    /** The topic as the organisations name it, where a text is written for them (a calendar entry). */
    public final String ja;

    ExchangeTopic(String ja) {
        this.ja = ja;
    }
}
