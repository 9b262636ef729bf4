package jp.kanmin.shared.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Identifies one status report (報告); corrections refer to it. */
public record ReportId(String value) {

    public ReportId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("report id must not be blank");
        }
    }

    @JsonCreator
    public static ReportId of(String value) {
        return new ReportId(value);
    }

    /** The same request always yields the same report id, so a retried post is recognised. */
    public static ReportId derivedFrom(String requestId) {
        return new ReportId(UUID.nameUUIDFromBytes(("report:" + requestId).getBytes(StandardCharsets.UTF_8))
                                .toString());
    }

    public static ReportId random() {
        return new ReportId(UUID.randomUUID().toString());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
