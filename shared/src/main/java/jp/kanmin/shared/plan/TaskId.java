package jp.kanmin.shared.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Identifies a task of a timeline plan, e.g. {@code staff-safety}; unique within one organisation's plan. */
public record TaskId(String value) {

    public TaskId {
        if (value == null || !value.matches("[a-z0-9][a-z0-9-]{0,62}")) {
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
