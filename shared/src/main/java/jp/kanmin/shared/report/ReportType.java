package jp.kanmin.shared.report;

/** Kinds of status report (報告) an organisation posts; plans name them as what completes a task. */
public enum ReportType {
    /** 安否確認: staff safe / injured / missing / unreachable. */
    STAFF_SAFETY,
    /** 自拠点・自施設の被害状況 */
    SITE_DAMAGE,
    /** 周辺の被害状況・アクセス経路 */
    SURROUNDINGS,
    /** インフラ停止状況と復旧見込み */
    INFRASTRUCTURE_OUTAGE,
    /** 避難所の開設・運営 */
    SHELTER_STATUS,
    /** 相談窓口の開設・移設・閉鎖 */
    CONSULTATION_DESK,
    /** 事業の復旧・再開 */
    BUSINESS_RECOVERY,
    /** サプライチェーン状況 */
    SUPPLY_CHAIN,
    /** 被害調査 (被害額): a chamber's or park's survey of businesses in its district. */
    DAMAGE_SURVEY,
    /** 被害規模の判断: the damage scale proposed or declared for a district. */
    DAMAGE_SCALE
}
