package jp.kanmin.shared.participation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import jp.kanmin.shared.plan.LocalizedText;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportKind;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * The kinds of report (報告の種類) as clients see them, read from their one declaration: the {@code type} a request
 * names ({@link ReportContent}'s subtypes), the fields and {@link ReportKind} of its content record, and the event
 * that records it (the {@link ParticipationEvent.Report} whose content it is).
 */
public final class ReportKinds {

    /**
     * @param type    what a request's {@code type} says, e.g. STAFF_SAFETY
     * @param event   the timeline entry type that records it, e.g. StaffSafetyReported
     * @param summary the board's line for it; {@code {field}} stands for a field of the entry's {@code content}
     */
    public record Kind(String type, String event, LocalizedText label, LocalizedText summary, List<String> fields) {
    }

    private static final List<Kind> ALL = Arrays.stream(ReportContent.class.getAnnotation(JsonSubTypes.class).value())
                                                .map(ReportKinds::kind).toList();

    private ReportKinds() {
    }

    public static List<Kind> all() {
        return ALL;
    }

    /**
     * The kind's one-line summary of {@code content} in {@code language} (ja or en), as a board shows it: each
     * {@code {field}} replaced by the field's value, a dash where it has none.
     */
    public static String summary(ReportContent content, String language) {
        ReportKind kind = content.getClass().getAnnotation(ReportKind.class);
        String template = "en".equals(language) ? kind.summaryEn() : kind.summaryJa();
        java.util.regex.Matcher field = FIELD.matcher(template);
        StringBuilder line = new StringBuilder();
        while (field.find()) {
            Object value = valueOf(content, field.group(1));
            field.appendReplacement(line, java.util.regex.Matcher.quoteReplacement(
                    value == null ? "-" : value.toString()));
        }
        field.appendTail(line);
        return line.toString().strip();
    }

    private static final java.util.regex.Pattern FIELD = java.util.regex.Pattern.compile("\\{(\\w+)}");

    private static Object valueOf(ReportContent content, String name) {
        for (RecordComponent component : content.getClass().getRecordComponents()) {
            if (component.getName().equals(name)) {
                try {
                    return component.getAccessor().invoke(content);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + name + " of " + content, e);
                }
            }
        }
        return null;
    }

    private static Kind kind(JsonSubTypes.Type declared) {
        Class<?> content = declared.value();
        ReportKind kind = content.getAnnotation(ReportKind.class);
        if (kind == null) {
            throw new IllegalStateException(content.getName() + " has no @ReportKind: say how people see it");
        }
        return new Kind(declared.name(), eventRecording(content).getSimpleName(),
                        new LocalizedText(kind.ja(), kind.en()), new LocalizedText(kind.summaryJa(), kind.summaryEn()),
                        Arrays.stream(content.getRecordComponents()).map(RecordComponent::getName).toList());
    }

    private static Class<?> eventRecording(Class<?> content) {
        List<Class<?>> events = Arrays.stream(ParticipationEvent.Report.class.getPermittedSubclasses())
                                      .filter(event -> Arrays.stream(event.getRecordComponents()).anyMatch(
                                              c -> c.getName().equals("content") && c.getType() == content))
                                      .toList();
        if (events.size() != 1) {
            throw new IllegalStateException(content.getName() + " is recorded by " + events + ", not by one event");
        }
        return events.getFirst();
    }
}
