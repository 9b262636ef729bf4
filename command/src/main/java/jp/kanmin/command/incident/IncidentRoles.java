package jp.kanmin.command.incident;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import reactor.core.publisher.Mono;

/**
 * Who holds which place in an incident, as the incident's read model knows it: used where a command acts on
 * another organisation's behalf (the HQ handing a chamber's task to the city).
 */
public interface IncidentRoles {

    Mono<Boolean> isCoordinatingHq(IncidentId incident, OrganisationId organisation);

    Mono<Boolean> isParticipant(IncidentId incident, OrganisationId organisation);
}
