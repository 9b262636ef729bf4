package jp.kanmin.shared.plan;

import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.report.DamageScale;
import jp.kanmin.shared.sharing.ExchangeTopic;
import jp.kanmin.shared.report.ReportType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a timeline plan file (YAML). Every problem is reported with the file, the plan, the task and
 * what is wrong, so that whoever edits a plan can fix it without reading code. See
 * {@code plans/default-plans.yaml} for the format.
 */
public final class TimelinePlanReader {

    private static final Duration LONGEST_OFFSET = Duration.ofDays(366);
    private static final Set<String> TASK_FIELDS = Set.of("id", "tier", "ja", "en", "due", "openWhen", "completedBy",
                                                          "source");

    private TimelinePlanReader() {
    }

    /** A plan file that cannot be used, and why. */
    public static final class InvalidPlanException extends RuntimeException {

        public InvalidPlanException(String message) {
            super(message);
        }
    }

    public static TimelinePlan read(InputStream yaml, String file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw new InvalidPlanException(file + ": not valid YAML: " + e.getOriginalMessage()
                                                   + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                                                           + ", column " + e.getLocation().getColumnNr()));
        }
        return read(root, file);
    }

    public static TimelinePlan read(String yaml, String file) {
        return read(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), file);
    }

    public static TimelinePlan readResource(String resource) {
        try (InputStream in = TimelinePlanReader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new InvalidPlanException(resource + ": no such resource");
            }
            return read(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TimelinePlan read(JsonNode root, String file) {
        Problems problems = new Problems(file);
        if (root == null || !root.isObject()) {
            throw new InvalidPlanException(file + ": the file must be a mapping with version, name and plans");
        }
        String version = text(root, "version");
        if (version == null || !version.matches("[0-9A-Za-z][0-9A-Za-z._-]{0,39}")) {
            problems.add(null, null, "version must be 1-40 letters, digits, '.', '_' or '-'");
        }
        JsonNode plansNode = root.get("plans");
        List<TimelinePlan.KindPlan> plans = new ArrayList<>();
        Set<IncidentKind> covered = EnumSet.noneOf(IncidentKind.class);
        if (plansNode == null || !plansNode.isArray() || plansNode.isEmpty()) {
            problems.add(null, null, "plans must be a non-empty list");
        } else {
            for (JsonNode planNode : plansNode) {
                TimelinePlan.KindPlan plan = readPlan(planNode, covered, problems);
                if (plan != null) {
                    plans.add(plan);
                }
            }
            Set<IncidentKind> missing = EnumSet.allOf(IncidentKind.class);
            missing.removeAll(covered);
            if (!missing.isEmpty()) {
                problems.add(null, null, "no plan covers incident kinds " + missing);
            }
        }
        problems.throwIfAny();
        return new TimelinePlan(version, text(root, "name"), text(root, "reading"), List.copyOf(plans));
    }

    private static TimelinePlan.KindPlan readPlan(JsonNode node, Set<IncidentKind> covered, Problems problems) {
        String name = text(node, "name");
        String planName = name == null ? "(unnamed plan)" : name;
        if (name == null || name.isBlank()) {
            problems.add(planName, null, "a plan needs a name");
        }
        Set<IncidentKind> kinds = EnumSet.noneOf(IncidentKind.class);
        JsonNode kindsNode = node.get("incidentKinds");
        if (kindsNode == null || !kindsNode.isArray() || kindsNode.isEmpty()) {
            problems.add(planName, null, "incidentKinds must list at least one of " + List.of(IncidentKind.values()));
        } else {
            for (JsonNode kind : kindsNode) {
                IncidentKind parsed = enumValue(IncidentKind.class, kind.asString());
                if (parsed == null) {
                    problems.add(planName, null, "unknown incident kind '" + kind.asString() + "'");
                } else if (!covered.add(parsed)) {
                    problems.add(planName, null, "incident kind " + parsed + " is covered by two plans");
                } else {
                    kinds.add(parsed);
                }
            }
        }
        Map<OrganisationType, List<PlannedTask>> organisations = new EnumMap<>(OrganisationType.class);
        JsonNode organisationsNode = node.get("organisations");
        if (organisationsNode == null || !organisationsNode.isObject()) {
            problems.add(planName, null, "organisations must map organisation types to their tasks");
        } else {
            for (Map.Entry<String, JsonNode> entry : organisationsNode.properties()) {
                OrganisationType type = enumValue(OrganisationType.class, entry.getKey());
                if (type == null) {
                    problems.add(planName, null, "unknown organisation type '" + entry.getKey() + "'");
                    continue;
                }
                organisations.put(type, readTasks(entry.getValue(), planName + " / " + type, problems));
            }
        }
        return new TimelinePlan.KindPlan(name, kinds, organisations);
    }

    private static List<PlannedTask> readTasks(JsonNode tasksNode, String where, Problems problems) {
        List<PlannedTask> tasks = new ArrayList<>();
        if (tasksNode == null || !tasksNode.isArray()) {
            problems.add(where, null, "the tasks must be a list");
            return tasks;
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode taskNode : tasksNode) {
            String id = text(taskNode, "id");
            String task = id == null ? "(task without id)" : id;
            for (String field : taskNode.propertyNames()) {
                if (!TASK_FIELDS.contains(field)) {
                    problems.add(where, task, "unknown field '" + field + "' (allowed: " + TASK_FIELDS + ")");
                }
            }
            TaskId taskId = null;
            try {
                taskId = TaskId.of(id);
            } catch (IllegalArgumentException e) {
                problems.add(where, task, e.getMessage());
            }
            if (id != null && !ids.add(id)) {
                problems.add(where, task, "the task id is used twice");
            }
            int tier = taskNode.path("tier").asInt(0);
            if (tier < 1 || tier > 3) {
                problems.add(where, task, "tier must be 1 (safety and damage), 2 (response) or 3 (information)");
            }
            String ja = text(taskNode, "ja");
            String en = text(taskNode, "en");
            if (ja == null || ja.isBlank() || en == null || en.isBlank()) {
                problems.add(where, task, "a task needs a Japanese (ja) and an English (en) title");
            }
            Duration due = null;
            String dueText = text(taskNode, "due");
            try {
                due = dueText == null ? null : Duration.parse(dueText);
                if (due == null) {
                    problems.add(where, task, "due is required: an ISO-8601 offset from zero hour such as PT2H, P3D "
                            + "or -PT24H");
                } else if (due.abs().compareTo(LONGEST_OFFSET) > 0) {
                    problems.add(where, task, "due " + dueText + " lies more than a year from zero hour");
                }
            } catch (DateTimeParseException e) {
                problems.add(where, task, "due '" + dueText + "' is not an ISO-8601 duration such as PT2H or P3D");
            }
            DamageScale openWhen = null;
            String openWhenText = text(taskNode, "openWhen");
            if (openWhenText != null) {
                openWhen = enumValue(DamageScale.class, openWhenText);
                if (openWhen == null) {
                    problems.add(where, task, "openWhen must be one of " + List.of(DamageScale.values()));
                }
            }
            Completion completion = readCompletion(taskNode.get("completedBy"), where, task, problems);
            if (taskId != null && due != null) {
                tasks.add(new PlannedTask(taskId, tier, new LocalizedText(ja, en), due, openWhen, completion,
                                          text(taskNode, "source")));
            }
        }
        return List.copyOf(tasks);
    }

    private static Completion readCompletion(JsonNode node, String where, String task, Problems problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        String report = text(node, "report");
        String exchange = text(node, "exchange");
        if ((report == null) == (exchange == null)) {
            problems.add(where, task, "completedBy names either a report type or an exchange topic");
            return null;
        }
        if (report != null) {
            ReportType type = enumValue(ReportType.class, report);
            if (type == null) {
                problems.add(where, task, "unknown report type '" + report + "'; known: " + List.of(ReportType.values()));
                return null;
            }
            return Completion.byReport(type);
        }
        ExchangeTopic topic = enumValue(ExchangeTopic.class, exchange);
        if (topic == null) {
            problems.add(where, task, "unknown exchange topic '" + exchange + "'; known: "
                    + List.of(ExchangeTopic.values()));
            return null;
        }
        return Completion.byExchange(topic);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Collects every problem of a file before refusing it, so one edit round fixes them all. */
    private static final class Problems {

        private final String file;
        private final Map<String, List<String>> found = new LinkedHashMap<>();

        Problems(String file) {
            this.file = file;
        }

        void add(String plan, String task, String problem) {
            String where = file + (plan == null ? "" : ", plan " + plan) + (task == null ? "" : ", task " + task);
            found.computeIfAbsent(where, key -> new ArrayList<>()).add(problem);
        }

        void throwIfAny() {
            if (found.isEmpty()) {
                return;
            }
            StringBuilder message = new StringBuilder("Invalid timeline plan:");
            found.forEach((where, problems) -> problems.forEach(
                    problem -> message.append("\n  ").append(where).append(": ").append(problem)));
            throw new InvalidPlanException(message.toString());
        }
    }
}
