package jp.kanmin.shared.organisation;

/** Kinds of organisation on a public–private timeline (官民連携タイムライン), from the programme's source plans. */
public enum OrganisationType {
    /** 自治体: a city, town or village, whose 災害対策本部 usually coordinates. */
    MUNICIPALITY,
    /** 都道府県 */
    PREFECTURE,
    /** 国 */
    NATIONAL_GOVERNMENT,
    /** 企業, including an industrial park's member companies (団地内企業). */
    COMPANY,
    /** インフラ事業者: power, water, gas, telecom, roads, rail, sewers; always with a sector. */
    INFRASTRUCTURE_OPERATOR,
    /** 工業団地 with its park centre, which sets up the park HQ (団地対策本部). */
    INDUSTRIAL_PARK,
    /** 商工会・商工会議所 */
    CHAMBER_OF_COMMERCE,
    /** 県商工会連合会 */
    CHAMBER_FEDERATION,
    /** Anything else, always with a label saying what it is. */
    OTHER
}
