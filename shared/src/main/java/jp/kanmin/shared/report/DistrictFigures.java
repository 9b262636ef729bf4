package jp.kanmin.shared.report;

/**
 * A district's damage picture in counts, as the damage-scale rules read it.
 *
 * @param registeredBusinesses businesses registered in the district (the denominator of every share); 0 if unknown
 * @param surveyed             businesses with at least one survey
 * @param unreachable          businesses or areas that could not be reached
 * @param roadsCut             areas whose access routes are cut
 */
public record DistrictFigures(int registeredBusinesses, int surveyed, int powerOutage, int lightDamage,
                              int severeDamage, int unreachable, int roadsCut) {
}
