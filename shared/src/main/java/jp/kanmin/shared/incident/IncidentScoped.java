package jp.kanmin.shared.incident;

/**
 * A message that belongs to one incident's timeline. Projections key their work on it, so that all entries of
 * an incident are handled by one segment, in order.
 */
public interface IncidentScoped {

    IncidentId incidentId();
}
