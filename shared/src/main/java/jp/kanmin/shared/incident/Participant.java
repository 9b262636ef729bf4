package jp.kanmin.shared.incident;

import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;

/** An organisation taking part in an incident, with its type, which decides its tasks in the timeline plan. */
public record Participant(OrganisationId organisationId, OrganisationType type) {
}
