package jp.kanmin.shared.organisation;

/** What an infrastructure operator (インフラ事業者) provides. */
public enum InfrastructureSector {
    /** 電力 */
    POWER,
    /** 上水道 */
    WATER,
    /** ガス */
    GAS,
    /** 通信 */
    TELECOM,
    /** 道路 */
    ROAD,
    /** 鉄道 */
    RAIL,
    /** 下水道 */
    SEWER
}
