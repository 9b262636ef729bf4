package jp.kanmin.shared.report;

/**
 * 被害規模: a district's damage scale, judged jointly by the chamber of commerce and the municipality; it decides which
 * actions open and how often information is shared. Ordered from least to most severe.
 */
public enum DamageScale {
    /** ほぼ被害はない: no notable reports. */
    ALMOST_NONE("ほぼ被害はない"),
    /** 被害がある */
    DAMAGE("被害がある"),
    /** 大規模な被害がある; also assumed for any area that cannot be reached (連絡の取れない地域). */
    LARGE("大規模な被害がある");

    private final String ja;

    DamageScale(String ja) {
        this.ja = ja;
    }

    /** The scale in the plan's words, as forms and published alerts show it. */
    public String ja() {
        return ja;
    }

    public boolean isAtLeast(DamageScale other) {
        return compareTo(other) >= 0;
    }
}
