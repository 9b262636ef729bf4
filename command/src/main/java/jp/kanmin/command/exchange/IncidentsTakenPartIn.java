package jp.kanmin.command.exchange;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;

import java.util.Set;

/**
 * The incidents each organisation has joined, as {@link SharingLifecycle} has seen them: its own state, kept by its
 * own handlers in the order of the store, so that an agreement made during an incident finds every incident its
 * holder joined before it. Writes are idempotent: an event handled twice changes nothing.
 */
public interface IncidentsTakenPartIn {

    void joined(OrganisationId organisation, IncidentId incident);

    void left(OrganisationId organisation, IncidentId incident);

    Set<IncidentId> of(OrganisationId organisation);
}
