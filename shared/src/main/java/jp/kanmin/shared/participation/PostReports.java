package jp.kanmin.shared.participation;

import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import jp.kanmin.shared.report.ReportId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Several reports posted at once, all or none: a chamber's survey sheet of many businesses, or the reports a phone
 * queued while it had no signal. They are numbered and applied in the order given.
 */
public record PostReports(@TargetAggregateIdentifier ParticipationId participationId, List<Report> reports) {

    public record Report(ReportId reportId, ReportContent content, ReportFacts facts) {
    }

    public PostReports {
        reports = List.copyOf(reports);
    }
}
