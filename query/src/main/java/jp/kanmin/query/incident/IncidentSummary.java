package jp.kanmin.query.incident;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/** One incident as the HQ and its participants see it in lists and headers. */
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
                              String status) {

    public boolean isVisibleTo(String organisationId) {
        return coordinatingHq.equals(organisationId) || participants.contains(organisationId);
    }
}
