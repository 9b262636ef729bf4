package jp.kanmin.command.organisation;

import jp.kanmin.command.support.AggregateStates;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.incident.Participant;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What the directory says about organisations a command names, so that an incident only ever involves registered,
 * active organisations: read from each organisation's own events in the store, so an organisation registered a
 * moment ago on another node is known at once.
 */
@Component
public class KnownOrganisations {

    private final AggregateStates<DirectoryEntry> entries;

    KnownOrganisations(@Qualifier("eventStore") EventStore events) {
        this.entries = new AggregateStates<>(events, DirectoryEntry.NONE, DirectoryEntry::after);
    }

    public Mono<DirectoryEntry> entry(OrganisationId organisation) {
        return entries.of(organisation.value());
    }

    /** Blocking form, for process managers. */
    public DirectoryEntry current(OrganisationId organisation) {
        return entries.current(organisation.value());
    }

    /** Of {@code among}, the active organisations of the same type (and sector) as {@code organisation}: 同業他社. */
    public Mono<List<OrganisationId>> peersOf(OrganisationId organisation, Collection<OrganisationId> among) {
        return entry(organisation).flatMap(self -> Flux.fromIterable(among)
                .filter(other -> !other.equals(organisation))
                .concatMap(this::entry)
                .filter(other -> other.isActive() && other.type() == self.type()
                        && Objects.equals(other.sector(), self.sector()))
                .map(DirectoryEntry::organisationId)
                .collectList());
    }

    /** The district, or a "not found" refusal naming it. */
    public Mono<DirectoryEntry.District> district(OrganisationId organisation, String name) {
        return entry(organisation).flatMap(found -> Mono.justOrEmpty(found.districts().get(name)))
                                  .switchIfEmpty(Mono.error(() -> RuleViolation.notFound(
                                          "district-not-found", organisation + " has no district '" + name + "'")));
    }

    /** Completes when every organisation is registered and active; otherwise fails naming the first that is not. */
    public Mono<Void> requireActive(Collection<OrganisationId> organisations, String field) {
        return participants(organisations, field).then();
    }

    /** The organisations with their types, if all are registered and active; otherwise fails naming one that is not. */
    public Mono<List<Participant>> participants(Collection<OrganisationId> organisations, String field) {
        return Flux.fromIterable(organisations)
                   .concatMap(organisation -> entry(organisation).flatMap(found -> found.isActive()
                           ? Mono.just(new Participant(organisation, found.type()))
                           : Mono.error(RuleViolation.invalid(field, "registered-organisation",
                                                              "'" + organisation + "' is not a registered, active "
                                                                      + "organisation"))))
                   .collectList();
    }

    public Mono<Participant> participant(OrganisationId organisation, String field) {
        return participants(List.of(organisation), field).map(List::getFirst);
    }

    /** The type of an active organisation; empty when it is unknown or retired. */
    public Mono<OrganisationType> activeType(OrganisationId organisation) {
        return entry(organisation).filter(DirectoryEntry::isActive).map(DirectoryEntry::type);
    }
}
