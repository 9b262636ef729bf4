package jp.kanmin.shared.report;

import jp.kanmin.shared.organisation.OrganisationId;

/**
 * Where a report applies: an area name as people use it (地区名, e.g. 相良地区), optionally with a point. When the area
 * is a district (管轄地区) of an organisation taking part, {@code districtOf} names that organisation: districts are
 * told apart by their owner and name, never by the name alone (two chambers may both have a 中央地区). The server sets
 * it for a reporter's own district; a report about another organisation's district names it.
 */
public record Area(String name, Double latitude, Double longitude, OrganisationId districtOf) {

    public static Area named(String name) {
        return new Area(name, null, null, null);
    }

    /** The district {@code name} of {@code owner}. */
    public static Area district(OrganisationId owner, String name) {
        return new Area(name, null, null, owner);
    }

    public Area inDistrictOf(OrganisationId owner) {
        return new Area(name, latitude, longitude, owner);
    }
}
