package jp.kanmin.shared.incident;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/** Identifies an incident (災害・事案): one shared timeline. */
public record IncidentId(String value) {

    /** Compiled once: ids are parsed for every event a projection handles. */
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public IncidentId {
        if (value == null || !UUID_TEXT.matcher(value).matches()) {
            throw new IllegalArgumentException("incident id must be a UUID");
        }
    }

    @JsonCreator
    public static IncidentId of(String value) {
        return new IncidentId(value);
    }

    public static IncidentId random() {
        return new IncidentId(UUID.randomUUID().toString());
    }

    /** The same request always opens the same incident, so a retried "open" finds the first one. */
    public static IncidentId derivedFrom(String requestId) {
        return new IncidentId(UUID.nameUUIDFromBytes(("incident:" + requestId).getBytes(StandardCharsets.UTF_8))
                                  .toString());
    }

    public static boolean isValid(String value) {
        try {
            of(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
