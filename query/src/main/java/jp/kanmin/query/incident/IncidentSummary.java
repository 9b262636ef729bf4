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
 * @param obligations  when its tasks and sharing slots start to fall due (義務の起算), and how that reads
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
                              ForkOrigin forkedFrom,
                              Obligations obligations) {

    public record ForkOrigin(String incidentId, Instant asOf) {
    }

    /** @param from the moment the plan's offsets count from for the organisations that opened the incident */
    public record Obligations(String rule, Instant from, String reading) {

        static Obligations of(jp.kanmin.shared.incident.ObligationsFrom rule, Instant zeroHour, Instant openedAt) {
            return switch (rule) {
                case ZERO_HOUR -> new Obligations(rule.name(), zeroHour,
                        "Tasks and sharing slots count from zero hour, as the plan says; what fell due before the "
                        + "incident was registered was owed then (overdue tasks, missed slots).");
                case REGISTRATION -> new Obligations(rule.name(), openedAt.isAfter(zeroHour) ? openedAt : zeroHour,
                        "Tasks and sharing slots count from when each organisation's part was registered (the "
                        + "incident's opening, or its joining later), if that came after zero hour; nothing was owed "
                        + "before it.");
            };
        }
    }

    /** Participants and the HQ read everything; invited organisations see the summary to decide whether to join. */
    public boolean isReadableBy(String organisationId) {
        return coordinatingHq.equals(organisationId) || participants.contains(organisationId);
    }

    public boolean isListedFor(String organisationId) {
        return isReadableBy(organisationId) || invited.contains(organisationId);
    }
}
