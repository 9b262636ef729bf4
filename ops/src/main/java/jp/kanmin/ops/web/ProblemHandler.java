package jp.kanmin.ops.web;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import jp.kanmin.shared.RuleViolation;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static jp.kanmin.ops.web.Problems.FieldError;
import static jp.kanmin.ops.web.Problems.problem;
import static jp.kanmin.ops.web.Problems.response;

/**
 * Turns every failure into a problem+json answer that names the field and the rule, and never leaks internals.
 * Input is validated before any command is sent, so a refused request has written nothing.
 */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger logger = LoggerFactory.getLogger(ProblemHandler.class);

    private final DataSize bodyLimit;

    ProblemHandler(@Value("${spring.codec.max-in-memory-size}") DataSize bodyLimit) {
        this.bodyLimit = bodyLimit;
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ResponseEntity<ProblemDetail> invalidFields(WebExchangeBindException e, ServerWebExchange exchange) {
        List<FieldError> errors = e.getFieldErrors().stream()
                                   .map(f -> new FieldError(asInBody(f.getField()), rule(f.getCode()),
                                                            f.getDefaultMessage()))
                                   .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return response(problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail, errors,
                                path(exchange)));
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadableInput(ServerWebInputException e, ServerWebExchange exchange) {
        FieldError error = describe(e);
        return response(problem(HttpStatus.BAD_REQUEST, error.rule(), "Invalid request",
                                error.field() == null ? error.message() : error.field() + ": " + error.message(),
                                error.field() == null ? List.of() : List.of(error), path(exchange)));
    }

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<ProblemDetail> ruleViolated(RuleViolation e, ServerWebExchange exchange) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        List<FieldError> errors = e.field() == null ? List.of() : List.of(new FieldError(e.field(), e.rule(),
                                                                                            e.getMessage()));
        return response(problem(status, e.rule(), title(status), e.getMessage(), errors, path(exchange)));
    }

    /**
     * The target does not exist. For a report this also means the caller does not take part in the incident: its
     * participation is what does not exist, and an outsider must not learn whether the incident does.
     */
    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e, ServerWebExchange exchange) {
        return response(problem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                                "no such incident or organisation, or your organisation does not take part in it",
                                List.of(), path(exchange)));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> conflict(ConcurrencyException e, ServerWebExchange exchange) {
        return response(problem(HttpStatus.CONFLICT, "concurrent-change", "Conflict",
                                "the same record was changed concurrently too often; send the request again",
                                List.of(), path(exchange)));
    }

    /** Spring reports an oversized body either way, depending on where the decoder meets the limit. */
    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException e, ServerWebExchange exchange) {
        return tooLarge(exchange);
    }

    private ResponseEntity<ProblemDetail> tooLarge(ServerWebExchange exchange) {
        return response(problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request too large",
                                "the request body is larger than the " + bodyLimit.toKilobytes()
                                + " KB this API accepts; nothing was recorded", List.of(), path(exchange)));
    }

    @ExceptionHandler({MongoTimeoutException.class, MongoSocketException.class})
    ResponseEntity<ProblemDetail> storeUnavailable(MongoException e, ServerWebExchange exchange) {
        logger.warn("Store unavailable for {}: {}", path(exchange), e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                             .header("Retry-After", "5")
                             .contentType(Problems.PROBLEM_JSON)
                             .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                                           "Service unavailable",
                                           "the store cannot be reached; nothing was recorded, try again shortly",
                                           List.of(), path(exchange)));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e, ServerWebExchange exchange) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        status = status == null ? HttpStatus.BAD_REQUEST : status;
        if (status == HttpStatus.CONTENT_TOO_LARGE) {
            return tooLarge(exchange);
        }
        return response(problem(status, status.name().toLowerCase(Locale.ROOT).replace('_', '-'), title(status),
                                e.getReason() == null ? status.getReasonPhrase() : e.getReason(), List.of(),
                                path(exchange)));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        Throwable cause = rootOf(e);
        if (cause != e && cause instanceof Exception known && !(cause instanceof RuntimeException r && r == e)) {
            if (cause instanceof RuleViolation rule) {
                return ruleViolated(rule, exchange);
            }
            if (cause instanceof AggregateNotFoundException missing) {
                return notFound(missing, exchange);
            }
            if (cause instanceof ConcurrencyException conflict) {
                return conflict(conflict, exchange);
            }
            if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketException) {
                return storeUnavailable((MongoException) cause, exchange);
            }
        }
        logger.error("Unexpected failure on {}", path(exchange), e);
        return response(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                                "the request failed unexpectedly; it is logged, and it is safe to retry with the same "
                                        + "Idempotency-Key", List.of(), path(exchange)));
    }

    private static Throwable rootOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof RuleViolation)) {
            t = t.getCause();
        }
        return t;
    }

    private static FieldError describe(ServerWebInputException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Utf8Bodies.MalformedUtf8 malformed) {
                return new FieldError(null, "valid-utf8", malformed.getMessage());
            }
            if (t instanceof DataBufferLimitException) {
                return new FieldError(null, "body-too-large", "the request body is too large");
            }
            if (t instanceof JacksonException jackson) {
                return describe(jackson);
            }
        }
        if (e.getReason() != null && e.getReason().startsWith("No request body")) {
            return new FieldError(null, "body-required", "a JSON request body is required");
        }
        if (e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null) {
            String name = e.getMethodParameter().getParameterName();
            Class<?> type = e.getMethodParameter().getParameterType();
            String expected = type == jp.kanmin.shared.incident.IncidentId.class ? "an incident id (a UUID)"
                    : simpleName(type);
            return new FieldError(name, "format", "must be " + expected);
        }
        if (e.getCause() instanceof DecodingException) {
            return new FieldError(null, "malformed-json", "the body could not be read as JSON");
        }
        return new FieldError(null, "malformed", e.getReason() == null ? "the request could not be read"
                                                                        : e.getReason());
    }

    private static FieldError describe(JacksonException e) {
        String field = fieldPath(e);
        return switch (e) {
            case PlausibleInput.Implausible i -> new FieldError(field, i.rule, i.getOriginalMessage());
            case UnrecognizedPropertyException u -> new FieldError(
                    field, "unknown-field", "is not a field of this request (the server sets it, or it is misspelt)");
            case InvalidTypeIdException t -> new FieldError(
                    field == null || field.isEmpty() ? "type" : field + ".type", "one-of",
                    "must name a known type, not '" + t.getTypeId() + "'");
            case InvalidFormatException f when f.getTargetType() != null && f.getTargetType().isEnum() -> new FieldError(
                    field, "one-of", "must be one of " + Arrays.toString(f.getTargetType().getEnumConstants()));
            case InvalidFormatException f -> new FieldError(
                    field, "format", "has the wrong format for " + simpleName(f.getTargetType()));
            case InvalidNullException n -> new FieldError(field, "required", "must not be null");
            case MismatchedInputException m when m.getTargetType() != null -> new FieldError(
                    field, "type", "must be " + simpleName(m.getTargetType()));
            case StreamReadException s -> new FieldError(null, "malformed-json",
                                                         "the body is not well-formed JSON: " + s.getOriginalMessage());
            default -> new FieldError(field, "malformed", e.getOriginalMessage());
        };
    }

    private static String fieldPath(JacksonException e) {
        String path = e.getPath().stream()
                       .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                                                                              : "[" + reference.getIndex() + "]")
                       .collect(Collectors.joining("."))
                       .replace(".[", "[");
        return path.isEmpty() ? null : path;
    }

    private static String simpleName(Class<?> type) {
        if (type == null) {
            return "this field";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2026-11-20T05:46:00Z";
        }
        return "a " + type.getSimpleName();
    }

    /**
     * A report's kind-specific fields sit in the body beside the fields every kind takes, but are held (and validated)
     * as its {@code content}: a refusal names them as the body has them ({@code safe}, {@code reports[2].safe}).
     */
    static String asInBody(String field) {
        return field.replaceAll("(^|\\.)content\\.", "$1");
    }

    /** Bean Validation's constraint names as rules a client can switch on. */
    private static String rule(String constraint) {
        if (constraint == null) {
            return "invalid";
        }
        return switch (constraint) {
            case "NotNull", "NotBlank", "NotEmpty" -> "required";
            case "PositiveOrZero", "Min" -> "minimum";
            case "Max" -> "maximum";
            case "Size" -> "size";
            case "Pattern" -> "pattern";
            default -> constraint.toLowerCase(Locale.ROOT);
        };
    }

    private static String title(HttpStatus status) {
        return status.getReasonPhrase();
    }

    private static String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().value();
    }
}
