package jp.kanmin.shared.participation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands the incident's lifecycle sends to each participation; never sent by clients. */
public final class ParticipationCommands {

    private ParticipationCommands() {
    }

    public record CloseParticipation(@TargetAggregateIdentifier ParticipationId participationId, String reason) {
    }

    public record ReopenParticipation(@TargetAggregateIdentifier ParticipationId participationId, String reason) {
    }
}
