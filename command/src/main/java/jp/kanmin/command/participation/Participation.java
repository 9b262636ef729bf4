package jp.kanmin.command.participation;

import jp.kanmin.command.support.DeduplicatingAggregate;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.participation.ParticipationCommands.CloseParticipation;
import jp.kanmin.shared.participation.ParticipationCommands.ReopenParticipation;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationClosed;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationReopened;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.PostStaffSafetyReport;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One organisation's part of an incident (参加組織): it takes that organisation's reports. Keeping one aggregate per
 * organisation and incident means two organisations posting at the same moment never conflict.
 */
@Aggregate
public class Participation extends DeduplicatingAggregate {

    static final Duration EARLIEST_OBSERVATION = Duration.ofDays(30);

    @AggregateIdentifier
    private ParticipationId participationId;
    private Instant zeroHour;
    private boolean closed;
    private int staffSafetyReports;

    protected Participation() {
        // for Axon
    }

    public Participation(ParticipationId participationId, Instant zeroHour) {
        apply(new ParticipationStarted(participationId, zeroHour));
    }

    @CommandHandler
    public void handle(CloseParticipation command) {
        if (!closed) {
            apply(new ParticipationClosed(participationId, command.reason()));
        }
    }

    @CommandHandler
    public void handle(ReopenParticipation command) {
        if (closed) {
            apply(new ParticipationReopened(participationId, command.reason()));
        }
    }

    @CommandHandler
    public void handle(PostStaffSafetyReport command) {
        mustBeOpenForPosting();
        countsMustNotBeNegative(command);
        observationMustBelongToThisIncident(command.observedAt());
        apply(new StaffSafetyReported(participationId, command.reportId(), staffSafetyReports + 1, command.safe(),
                                      command.injured(), command.missing(), command.unreachable(), command.note(),
                                      command.observedAt()));
    }

    private void mustBeOpenForPosting() {
        if (closed) {
            throw RuleViolation.conflict("participation-closed",
                                         "the incident is closed or your organisation left it; nothing was recorded");
        }
    }

    private static void countsMustNotBeNegative(PostStaffSafetyReport command) {
        if (command.safe() < 0 || command.injured() < 0 || command.missing() < 0 || command.unreachable() < 0) {
            throw RuleViolation.invalid("safe", "non-negative", "staff counts must not be negative");
        }
    }

    /** Forecast hazards start their timelines days ahead of zero hour, but not months. */
    private void observationMustBelongToThisIncident(Instant observedAt) {
        if (observedAt.isBefore(zeroHour.minus(EARLIEST_OBSERVATION))) {
            throw RuleViolation.invalid("observedAt", "within-incident",
                                        "observedAt lies more than " + EARLIEST_OBSERVATION.toDays()
                                                + " days before the incident's zero hour");
        }
    }

    @EventSourcingHandler
    void on(ParticipationStarted event) {
        participationId = event.participationId();
        zeroHour = event.zeroHour();
    }

    @EventSourcingHandler
    void on(ParticipationClosed event) {
        closed = true;
    }

    @EventSourcingHandler
    void on(ParticipationReopened event) {
        closed = false;
    }

    @EventSourcingHandler
    void on(StaffSafetyReported event) {
        staffSafetyReports = event.number();
    }

    @Override
    protected String aggregateIdentifier() {
        return participationId.toString();
    }
}
