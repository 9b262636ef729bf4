package jp.kanmin.shared.participation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * 安否確認報告: an organisation reports how its staff are. {@code observedAt} is when the roll call was taken, which
 * may be well before it reaches the system over a bad connection.
 */
public record PostStaffSafetyReport(@TargetAggregateIdentifier ParticipationId participationId,
                                    ReportId reportId,
                                    int safe,
                                    int injured,
                                    int missing,
                                    int unreachable,
                                    String note,
                                    Instant observedAt) {
}
