package jp.kanmin.query.incident;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * One incident as the HQ and its participants see it in lists and headers.
 *
 * @param participants organisations taking part now
 * @param invited      organisations asked to take part that have not joined yet
 * @param status       OPEN or CLOSED
 * @param mode         REAL or EXERCISE (訓練); exercises are marked wherever they are shown
 * @param scenario     the exercise scenario it plays, if any
 * @param archived     an exercise an administrator put away: listed only when asked for
 * @param forkedFrom   the incident and instant this exercise was forked from (分岐訓練), if it was
 */
@Document("incidents")
public record IncidentSummary(@Id String incidentId,
                              String title,
                              String kind,
                              String trigger,
                              String mode,
                              Instant zeroHour,
                              String coordinatingHq,
                              String openedBy,
                              Instant openedAt,
                              List<String> participants,
                              List<String> invited,
                              String status,
                              String scenario,
                              boolean archived,
                              ForkOrigin forkedFrom) {

    public record ForkOrigin(String incidentId, Instant asOf) {
    }

    /** Participants and the HQ read everything; invited organisations see the summary to decide whether to join. */
    public boolean isReadableBy(String organisationId) {
        return coordinatingHq.equals(organisationId) || participants.contains(organisationId);
    }

    public boolean isListedFor(String organisationId) {
        return isReadableBy(organisationId) || invited.contains(organisationId);
    }
}
