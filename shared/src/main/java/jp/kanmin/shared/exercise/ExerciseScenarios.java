package jp.kanmin.shared.exercise;

import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.organisation.OrganisationType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exercise scenarios shipped in {@code scenarios/} (reference data), read and checked once. A scenario that
 * cannot be played is refused with the file, the inject and what is wrong. See {@code scenarios/earthquake-park.yaml}
 * for the format.
 */
public final class ExerciseScenarios {

    static final List<String> SHIPPED = List.of("earthquake-park", "typhoon-river");
    /** "+00:10", "-48:00", "+72:30": hours and minutes from zero hour. */
    private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{1,4}):([0-5]\\d)");

    private final Map<String, ExerciseScenario> scenarios;

    private ExerciseScenarios(Map<String, ExerciseScenario> scenarios) {
        this.scenarios = scenarios;
    }

    public static ExerciseScenarios shipped() {
        Map<String, ExerciseScenario> scenarios = new LinkedHashMap<>();
        for (String id : SHIPPED) {
            String file = "scenarios/" + id + ".yaml";
            try (InputStream yaml = ExerciseScenarios.class.getClassLoader().getResourceAsStream(file)) {
                if (yaml == null) {
                    throw new InvalidScenarioException(file + ": missing from the classpath");
                }
                ExerciseScenario scenario = read(yaml, file);
                if (!scenario.id().equals(id)) {
                    throw new InvalidScenarioException(file + ": id must be the file's name, " + id);
                }
                scenarios.put(id, scenario);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ExerciseScenarios(scenarios);
    }

    public List<ExerciseScenario> all() {
        return List.copyOf(scenarios.values());
    }

    public Optional<ExerciseScenario> find(String id) {
        return Optional.ofNullable(scenarios.get(id));
    }

    /** A scenario file that cannot be played, and why. */
    public static final class InvalidScenarioException extends RuntimeException {

        public InvalidScenarioException(String message) {
            super(message);
        }
    }

    /** "+01:30" → 90 minutes; ISO-8601 ("PT1H30M", "-PT48H") is taken too, as in the plans. */
    public static Duration offset(String text) {
        Matcher matcher = OFFSET.matcher(text.strip());
        if (matcher.matches()) {
            Duration offset = Duration.ofHours(Long.parseLong(matcher.group(2)))
                                      .plusMinutes(Long.parseLong(matcher.group(3)));
            return matcher.group(1).equals("-") ? offset.negated() : offset;
        }
        return Duration.parse(text.strip());
    }

    public static boolean isOffset(Object value) {
        return value instanceof String text && OFFSET.matcher(text.strip()).matches();
    }

    static ExerciseScenario read(InputStream yaml, String file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw new InvalidScenarioException(file + ": not valid YAML: " + e.getOriginalMessage());
        }
        String id = text(root, "id", file);
        Map<String, ExerciseScenario.Role> roles = new LinkedHashMap<>();
        root.path("roles").properties().forEach(role -> roles.put(role.getKey(), new ExerciseScenario.Role(
                enumOf(OrganisationType.class, text(role.getValue(), "type", file + " role " + role.getKey()),
                       file + " role " + role.getKey()),
                role.getValue().path("coordinating").asBoolean(false),
                role.getValue().path("description").asString(null))));
        if (roles.values().stream().filter(ExerciseScenario.Role::coordinating).count() != 1) {
            throw new InvalidScenarioException(file + ": exactly one role must be coordinating: true");
        }
        List<ExerciseScenario.Inject> injects = new ArrayList<>();
        int number = 0;
        for (JsonNode inject : root.path("injects")) {
            String where = file + " inject " + ++number;
            String role = text(inject, "role", where);
            if (!roles.containsKey(role)) {
                throw new InvalidScenarioException(where + ": role " + role + " is not one of " + roles.keySet());
            }
            Duration at;
            try {
                at = offset(text(inject, "at", where));
            } catch (DateTimeParseException e) {
                throw new InvalidScenarioException(where + ": at must look like +01:30 or -48:00");
            }
            if (!injects.isEmpty() && at.compareTo(injects.getLast().at()) < 0) {
                throw new InvalidScenarioException(where + ": injects must be in time order");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> report = inject.has("report")
                    ? new YAMLMapper().convertValue(inject.get("report"), Map.class) : null;
            injects.add(new ExerciseScenario.Inject(at, role, text(inject, "text", where), report));
        }
        if (injects.isEmpty()) {
            throw new InvalidScenarioException(file + ": a scenario needs at least one inject");
        }
        return new ExerciseScenario(id, text(root, "title", file),
                                    enumOf(IncidentKind.class, text(root, "kind", file), file),
                                    root.path("description").asString(null), roles, injects);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asString().isBlank()) {
            throw new InvalidScenarioException(where + ": " + field + " is required");
        }
        return value.asString();
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String where) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidScenarioException(where + ": " + value + " is not a " + type.getSimpleName());
        }
    }
}
