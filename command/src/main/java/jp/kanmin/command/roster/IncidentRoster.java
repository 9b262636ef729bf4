package jp.kanmin.command.roster;

import jp.kanmin.shared.incident.IncidentEvent;
import jp.kanmin.shared.incident.IncidentEvent.CoordinatingHqChanged;
import jp.kanmin.shared.incident.IncidentEvent.ExerciseDeleted;
import jp.kanmin.shared.incident.IncidentEvent.IncidentClosed;
import jp.kanmin.shared.incident.IncidentEvent.IncidentOpened;
import jp.kanmin.shared.incident.IncidentEvent.IncidentReopened;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantInvited;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantJoined;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantLeft;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who takes part in an incident and whether it is open (参加組織と調整本部): the part of the {@link Incident}
 * aggregate's state that other decisions need (may the HQ share with this organisation? may this company ask that
 * one for support?). The aggregate keeps itself with {@link #after}; {@link IncidentRosters} folds the same way from
 * the event store for decisions taken elsewhere.
 *
 * @param participants the organisations taking part now, with their types, in the order they joined
 * @param everJoined   organisations whose participation aggregate exists (joining again reopens it)
 */
public record IncidentRoster(IncidentId incidentId, OrganisationId coordinatingHq,
                             Map<OrganisationId, OrganisationType> participants, Set<OrganisationId> invited,
                             Set<OrganisationId> everJoined, boolean closed, boolean deleted) {

    public static final IncidentRoster NONE = new IncidentRoster(null, null, Map.of(), Set.of(), Set.of(), false, false);

    public boolean exists() {
        return incidentId != null && !deleted;
    }

    public boolean takesPart(OrganisationId organisation) {
        return exists() && participants.containsKey(organisation);
    }

    public boolean isCoordinatingHq(OrganisationId organisation) {
        return exists() && organisation.equals(coordinatingHq);
    }

    public boolean isInvited(OrganisationId organisation) {
        return exists() && invited.contains(organisation);
    }

    /** Everyone who takes part, the coordinating HQ included. */
    public Set<OrganisationId> parties() {
        if (!exists()) {
            return Set.of();
        }
        Set<OrganisationId> parties = new LinkedHashSet<>(participants.keySet());
        parties.add(coordinatingHq);
        return parties;
    }

    /** The roster after {@code event}; anything but an incident's lifecycle leaves it as it is. */
    public IncidentRoster after(Object event) {
        if (!(event instanceof IncidentEvent incidentEvent)) {
            return this;
        }
        return switch (incidentEvent) {
            case IncidentOpened e -> new IncidentRoster(e.incidentId(), e.coordinatingHq(), Map.of(), Set.of(),
                                                        Set.of(), false, false);
            case ParticipantInvited e -> withInvited(plus(invited, e.organisationId()));
            case ParticipantJoined e -> {
                Map<OrganisationId, OrganisationType> joined = new LinkedHashMap<>(participants);
                joined.put(e.organisationId(), e.organisationType());
                yield new IncidentRoster(incidentId, coordinatingHq, java.util.Collections.unmodifiableMap(joined),
                                         minus(invited, e.organisationId()), plus(everJoined, e.organisationId()),
                                         closed, deleted);
            }
            case ParticipantLeft e -> {
                Map<OrganisationId, OrganisationType> left = new LinkedHashMap<>(participants);
                left.remove(e.organisationId());
                yield new IncidentRoster(incidentId, coordinatingHq, java.util.Collections.unmodifiableMap(left),
                                         invited, everJoined, closed, deleted);
            }
            case CoordinatingHqChanged e -> new IncidentRoster(incidentId, e.coordinatingHq(), participants, invited,
                                                               everJoined, closed, deleted);
            case IncidentClosed e -> new IncidentRoster(incidentId, coordinatingHq, participants, invited, everJoined,
                                                        true, deleted);
            case IncidentReopened e -> new IncidentRoster(incidentId, coordinatingHq, participants, invited,
                                                          everJoined, false, deleted);
            case ExerciseDeleted e -> new IncidentRoster(incidentId, coordinatingHq, participants, invited,
                                                         everJoined, closed, true);
            default -> this;
        };
    }

    private IncidentRoster withInvited(Set<OrganisationId> nowInvited) {
        return new IncidentRoster(incidentId, coordinatingHq, participants, nowInvited, everJoined, closed, deleted);
    }

    private static Set<OrganisationId> plus(Set<OrganisationId> set, OrganisationId organisation) {
        Set<OrganisationId> more = new LinkedHashSet<>(set);
        more.add(organisation);
        return java.util.Collections.unmodifiableSet(more);
    }

    private static Set<OrganisationId> minus(Set<OrganisationId> set, OrganisationId organisation) {
        Set<OrganisationId> fewer = new LinkedHashSet<>(set);
        fewer.remove(organisation);
        return java.util.Collections.unmodifiableSet(fewer);
    }
}
