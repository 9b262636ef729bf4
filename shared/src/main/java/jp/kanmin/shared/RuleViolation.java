package jp.kanmin.shared;

/**
 * A request that breaks a rule of the domain. It names the rule and, where one field is at fault, the field, so the
 * HTTP layer can answer with a problem that a liaison officer's phone can show as it is.
 */
public class RuleViolation extends RuntimeException {

    /** How the refusal reads to the caller; the HTTP layer maps each to a status. */
    public enum Kind {
        /** The request itself is wrong (400/422). */
        INVALID,
        /** The target does not exist, or the caller may not know that it does (404). */
        NOT_FOUND,
        /** The caller is known but may not do this (403). */
        FORBIDDEN,
        /** The request clashes with the current state (409). */
        CONFLICT
    }

    private final Kind kind;
    private final String rule;
    private final String field;

    public RuleViolation(Kind kind, String rule, String field, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.rule = rule;
        this.field = field;
    }

    public static RuleViolation invalid(String field, String rule, String message) {
        return new RuleViolation(Kind.INVALID, rule, field, message);
    }

    public static RuleViolation conflict(String rule, String message) {
        return new RuleViolation(Kind.CONFLICT, rule, null, message);
    }

    public static RuleViolation notFound(String rule, String message) {
        return new RuleViolation(Kind.NOT_FOUND, rule, null, message);
    }

    public static RuleViolation forbidden(String rule, String message) {
        return new RuleViolation(Kind.FORBIDDEN, rule, null, message);
    }

    public Kind kind() {
        return kind;
    }

    public String rule() {
        return rule;
    }

    /** The request field at fault, or {@code null} when the whole request is. */
    public String field() {
        return field;
    }

    /** The same refusal about one element of a list, e.g. {@code reports[3].supersedes}. */
    public RuleViolation within(String element) {
        return new RuleViolation(kind, rule, field == null ? element : element + "." + field,
                                 element + ": " + getMessage());
    }
}
