package jp.kanmin.shared.participation;

import jp.kanmin.shared.participation.ReportKinds.Kind;
import jp.kanmin.shared.report.ReportContent;
import org.junit.jupiter.api.Test;

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

    @Test
    void aKindIsNamedAsRequestsNameItAndRecordedByItsEvent() {
        Kind staffSafety = ReportKinds.all().getFirst();
        assertThat(staffSafety.type()).isEqualTo("STAFF_SAFETY");
        assertThat(staffSafety.event()).isEqualTo("StaffSafetyReported");
        assertThat(staffSafety.label().ja()).isEqualTo("安否確認");
        assertThat(staffSafety.fields()).containsExactly("safe", "injured", "missing", "unreachable", "ableToWork");
    }
}
