package jp.kanmin.command.exchange;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;

import java.util.Set;

/**
 * What {@link SharingLifecycle} has seen of who joined which incident and who made agreements naming whom: its own
 * state, kept by its own handlers in the order of the store, so that an agreement made during an incident finds every
 * incident its holder joined before it, and an organisation that joins finds the agreements that name it without
 * reading every party's directory entry. Writes are idempotent: an event handled twice changes nothing. The record
 * may name more than is true (an agreement ended since); every decision checks the directory's events.
 */
public interface IncidentsTakenPartIn {

    void joined(OrganisationId organisation, IncidentId incident);

    void left(OrganisationId organisation, IncidentId incident);

    Set<IncidentId> of(OrganisationId organisation);

    /** {@code holder} made an agreement naming {@code counterpart}, or reports to it (a null counterpart). */
    void named(OrganisationId counterpart, OrganisationId holder);

    /** The organisations that made an agreement naming {@code counterpart}, or that report to it. */
    Set<OrganisationId> namedBy(OrganisationId counterpart);
}
