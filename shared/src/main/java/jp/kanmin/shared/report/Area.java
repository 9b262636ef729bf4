package jp.kanmin.shared.report;

/**
 * Where a report applies: an area name as people use it (地区名, e.g. 相良地区), optionally with a point. District
 * aggregation counts by {@code name}.
 */
public record Area(String name, Double latitude, Double longitude) {

    public static Area named(String name) {
        return new Area(name, null, null);
    }
}
