package jp.kanmin.shared.incident;

/** The hazard behind an incident (災害種別). */
public enum IncidentKind {
    /** 地震 */
    EARTHQUAKE,
    /** 津波 */
    TSUNAMI,
    /** 台風: forecastable, so plans may have tasks before zero hour. */
    TYPHOON,
    /** 洪水・浸水 */
    FLOOD,
    /** 大雨・土砂災害 */
    HEAVY_RAIN,
    /** 火山 */
    VOLCANO,
    /** 大雪 */
    HEAVY_SNOW,
    /** 感染症 (新型インフルエンザ等) */
    PANDEMIC,
    OTHER
}
