package jp.kanmin.command.roster;

import jp.kanmin.command.support.AggregateStates;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each incident's roster as its events in the store say now: a command that names other organisations of an
 * incident is checked against it, so an incident is usable by everyone the moment its 201 is answered, on any node.
 */
@Component
public class IncidentRosters {

    private final AggregateStates<IncidentRoster> rosters;

    IncidentRosters(@Qualifier("eventStore") EventStore events) {
        this.rosters = new AggregateStates<>(events, IncidentRoster.NONE, IncidentRoster::after);
    }

    public Mono<IncidentRoster> of(IncidentId incident) {
        return rosters.of(incident.toString());
    }

    public IncidentRoster current(IncidentId incident) {
        return rosters.current(incident.toString());
    }

    /** The roster, if the caller takes part (or administers); outsiders learn nothing. */
    public Mono<IncidentRoster> takenPartInBy(IncidentId incident, Caller caller) {
        return of(incident).flatMap(roster -> roster.exists()
                && (caller.isAdmin() || roster.takesPart(caller.organisationId())
                    || roster.isCoordinatingHq(caller.organisationId()))
                ? Mono.just(roster)
                : Mono.error(RuleViolation.notFound("incident-not-found",
                                                    "no incident " + incident + " that you take part in")));
    }
}
