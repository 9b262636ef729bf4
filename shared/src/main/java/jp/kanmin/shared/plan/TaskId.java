package jp.kanmin.shared.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** Identifies a task of a timeline plan, e.g. {@code staff-safety}; unique within one organisation's plan. */
public record TaskId(String value) {

    /** Compiled once: ids are parsed for every event a projection handles. */
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public TaskId {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new IllegalArgumentException("task id must be 1-63 characters of a-z, 0-9 and '-'");
        }
    }

    @JsonCreator
    public static TaskId of(String value) {
        return new TaskId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
