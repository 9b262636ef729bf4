package jp.kanmin.command.participation;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/** Reads a report body written elsewhere (an exercise scenario) by the same rules as the report API. */
@Component
public class ReportBodies {

    private final JsonMapper json;
    private final Validator validator;

    ReportBodies(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    public record Body(ReportContent content, ReportFacts facts) {
    }

    /** @param field where the body came from, named in a refusal */
    public Body read(Map<String, Object> body, Instant observedAt, String field) {
        ReportRequest request;
        try {
            request = json.convertValue(body, ReportRequest.class);
        } catch (JacksonException e) {
            throw RuleViolation.invalid(field, "report", "not a report the report API takes: " + e.getOriginalMessage());
        }
        ConstraintViolation<ReportRequest> violation = validator.validate(request).stream()
                .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElse(null);
        if (violation != null) {
            // named as in the body: the kind's fields sit beside the common ones
            throw RuleViolation.invalid(field + "." + violation.getPropertyPath().toString().replace("content.", ""),
                                        "report", violation.getMessage());
        }
        try {
            return new Body(request.content(), request.facts(observedAt));
        } catch (RuleViolation refusal) {
            throw refusal.within(field);
        }
    }
}
