package jp.kanmin.shared.organisation;

/** Typed, directed edges between organisations. */
public enum RelationType {
    /** A company is a member of an industrial park, or a business of a chamber of commerce (会員). */
    MEMBER_OF,
    /**
     * One step of the reporting chain (連絡体制): the organisation sends its reports to the target. Chains are
     * directed graphs, not trees; a two-way line in a plan's chart is two edges.
     */
    REPORTS_TO
}
