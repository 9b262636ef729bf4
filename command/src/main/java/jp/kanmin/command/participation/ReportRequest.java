package jp.kanmin.command.participation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.support.Retriable;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.report.Area;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import jp.kanmin.shared.report.ReportId;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A status report as a client posts it, one JSON object: {@code type} names the kind and the kind's fields follow
 * (declared, with their rules, on its {@link ReportContent} record), beside the optional fields every kind takes:
 * {@code note}, {@code observedAt} (now if omitted), {@code unconfirmed} (未確認), {@code supersedes} (the report this
 * one corrects), {@code area}, and {@code commandId} for clients that cannot set the {@code Idempotency-Key} header.
 */
@JsonDeserialize(using = ReportRequest.Reader.class)
record ReportRequest(@NotNull @Valid ReportContent content,
                     @Size(max = 2000) String note,
                     Instant observedAt,
                     Boolean unconfirmed,
                     @Pattern(regexp = ReportContent.ID) String supersedes,
                     @Valid AreaRequest area,
                     @Size(max = 128) String commandId) implements Retriable {

    ReportFacts facts(Instant now) {
        if (content instanceof ReportContent.BusinessDamage && area == null) {
            throw RuleViolation.invalid("area", "required", "a damage survey names the area the business lies in");
        }
        return new ReportFacts(observedAt != null ? observedAt : now, Boolean.TRUE.equals(unconfirmed),
                               supersedes == null ? null : ReportId.of(supersedes), note,
                               area == null ? null : new Area(area.name().strip(), area.latitude(), area.longitude(),
                                                              area.districtOf() == null ? null
                                                                      : OrganisationId.of(area.districtOf())));
    }

    /**
     * @param districtOf the organisation whose district (管轄地区) the area is, when it is another organisation's; a
     *                   reporter's own district is recognised by its name
     */
    record AreaRequest(@NotBlank @Size(max = 100) String name,
                       @jakarta.validation.constraints.DecimalMin("-90") @jakarta.validation.constraints.DecimalMax("90")
                       Double latitude,
                       @jakarta.validation.constraints.DecimalMin("-180")
                       @jakarta.validation.constraints.DecimalMax("180") Double longitude,
                       @jakarta.validation.constraints.Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}") String districtOf) {
    }

    /**
     * Takes the fields every kind shares out of the body, each read by its type and named in a refusal as in the
     * body; what is left is the kind's content, read by its {@code type} (an unknown field is refused there).
     */
    static final class Reader extends ValueDeserializer<ReportRequest> {

        @Override
        public ReportRequest deserialize(JsonParser parser, DeserializationContext context) {
            if (!(context.readTree(parser) instanceof ObjectNode body)) {
                return context.reportInputMismatch(ReportRequest.class, "a report is a JSON object");
            }
            String note = take(body, "note", String.class, context);
            Instant observedAt = take(body, "observedAt", Instant.class, context);
            Boolean unconfirmed = take(body, "unconfirmed", Boolean.class, context);
            String supersedes = take(body, "supersedes", String.class, context);
            AreaRequest area = take(body, "area", AreaRequest.class, context);
            String commandId = take(body, "commandId", String.class, context);
            return new ReportRequest(context.readTreeAsValue(body, ReportContent.class), note, observedAt, unconfirmed,
                                     supersedes, area, commandId);
        }

        private static <T> T take(ObjectNode body, String field, Class<T> type, DeserializationContext context) {
            JsonNode value = body.remove(field);
            if (value == null || value.isNull()) {
                return null;
            }
            try {
                return context.readTreeAsValue(value, type);
            } catch (JacksonException refused) {
                throw refused.prependPath(ReportRequest.class, field);
            }
        }
    }
}
