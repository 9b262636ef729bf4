package jp.kanmin.query.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.shared.participation.ReportKinds;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** 報告の種類: reference data the pages name and summarise reports by, so that no page keeps its own list. */
@Tag(name = "Reports")
@RestController
@ReadsFrom({})
class ReportKindsController {

    @Operation(summary = "List the kinds of report (報告の種類)", description = """
            Every kind of status report: the `type` a request names, the timeline entry type that records it,
            its name and its one-line summary in Japanese and English (`{field}` stands for a field of the
            entry's content), and its fields.""")
    @GetMapping("/api/report-kinds")
    List<ReportKinds.Kind> kinds() {
        return ReportKinds.all();
    }
}
