package jp.kanmin.shared.participation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import jp.kanmin.shared.participation.ReportKinds.Kind;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportKind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of report is named and summarised once, in both languages, from fields it really has. */
class ReportKindsTest {

    static final Pattern FIELD = Pattern.compile("\\{(\\w+)}");

    @Test
    void everyKindOfReportContentIsListed() {
        assertThat(ReportKinds.all()).extracting(Kind::type).doesNotHaveDuplicates()
                                     .hasSize(ReportContent.class.getPermittedSubclasses().length);
        assertThat(ReportKinds.all()).extracting(Kind::event).doesNotHaveDuplicates();
    }

    @Test
    void everyKindHasALabelAndASummaryInBothLanguages() {
        assertThat(ReportKinds.all()).allSatisfy(kind -> {
            assertThat(kind.label().ja()).as(kind.type()).isNotBlank();
            assertThat(kind.label().en()).as(kind.type()).isNotBlank();
            assertThat(kind.summary().ja()).as(kind.type()).isNotBlank();
            assertThat(kind.summary().en()).as(kind.type()).isNotBlank();
        });
    }

    @Test
    void summariesNameOnlyFieldsTheirKindHas() {
        assertThat(ReportKinds.all()).allSatisfy(kind -> {
            for (String summary : new String[] {kind.summary().ja(), kind.summary().en()}) {
                Matcher field = FIELD.matcher(summary);
                assertThat(field.find()).as(kind.type() + " says something of the report: " + summary).isTrue();
                do {
                    assertThat(kind.fields()).as(kind.type() + ": " + summary).contains(field.group(1));
                } while (field.find());
            }
        });
    }

    /**
     * The API document shows each kind's example, and the board test posts it: it must be a body of that kind, with
     * the kind's own fields and those every report takes (the API document's test reads and validates each one).
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyKindsExampleIsABodyOfThatKind() {
        Set<String> everyReportTakes = Set.of("note", "observedAt", "unconfirmed", "supersedes", "area", "commandId");
        for (JsonSubTypes.Type declared : ReportContent.class.getAnnotation(JsonSubTypes.class).value()) {
            Map<String, Object> example = JsonMapper.builder().build().readValue(
                    declared.value().getAnnotation(ReportKind.class).example(), Map.class);
            Set<String> fields = Arrays.stream(declared.value().getRecordComponents()).map(RecordComponent::getName)
                                       .collect(java.util.stream.Collectors.toSet());
            assertThat(example.get("type")).as(declared.name()).isEqualTo(declared.name());
            assertThat(example.keySet()).as(declared.name())
                                        .allMatch(field -> field.equals("type") || fields.contains(field)
                                                           || everyReportTakes.contains(field));
        }
    }

    @Test
    void aKindIsNamedAsRequestsNameItAndRecordedByItsEvent() {
        Kind staffSafety = ReportKinds.all().getFirst();
        assertThat(staffSafety.type()).isEqualTo("STAFF_SAFETY");
        assertThat(staffSafety.event()).isEqualTo("StaffSafetyReported");
        assertThat(staffSafety.label().ja()).isEqualTo("安否確認");
        assertThat(staffSafety.fields()).containsExactly("safe", "injured", "missing", "unreachable", "ableToWork");
    }
}
