package jp.kanmin.shared.participation;

import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import jp.kanmin.shared.report.ReportId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A participating organisation posts a status report (報告) as itself. */
public record PostReport(@TargetAggregateIdentifier ParticipationId participationId, ReportId reportId,
                         ReportContent content, ReportFacts facts) {
}
