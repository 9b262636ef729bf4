package jp.kanmin.command.organisation;

import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import jp.kanmin.shared.incident.Participant;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the directory says about organisations a command names, so that an incident only ever involves registered,
 * active organisations. Answered from the directory's read model.
 */
public interface KnownOrganisations {

    /** The active organisation's type, or empty when it is unknown or retired. */
    Mono<Optional<OrganisationType>> activeType(OrganisationId organisation);

    /** Of {@code among}, the organisations of the same type (and sector) as {@code organisation}: 同業他社. */
    Mono<List<OrganisationId>> peersOf(OrganisationId organisation, Collection<OrganisationId> among);

    /** The names of the districts (地区) an organisation is responsible for, as the directory defines them. */
    Mono<java.util.Set<String>> districtsOf(OrganisationId organisation);

    /** A district as the directory defines it: its registered businesses, municipality and damage-scale rules. */
    record District(String name, int registeredBusinesses, OrganisationId municipality, String scaleRules) {
    }

    /** The district, or a "not found" refusal naming it. */
    Mono<District> district(OrganisationId organisation, String name);

    /** Completes when every organisation is registered and active; otherwise fails naming the first that is not. */
    default Mono<Void> requireActive(Collection<OrganisationId> organisations, String field) {
        return participants(organisations, field).then();
    }

    /** The organisations with their types, if all are registered and active; otherwise fails naming one that is not. */
    default Mono<List<Participant>> participants(Collection<OrganisationId> organisations, String field) {
        return Flux.fromIterable(organisations)
                   .concatMap(organisation -> activeType(organisation).flatMap(type -> type.isPresent()
                           ? Mono.just(new Participant(organisation, type.get()))
                           : Mono.error(RuleViolation.invalid(field, "registered-organisation",
                                                              "'" + organisation + "' is not a registered, active "
                                                                      + "organisation"))))
                   .collectList();
    }

    default Mono<Participant> participant(OrganisationId organisation, String field) {
        return participants(List.of(organisation), field).map(List::getFirst);
    }
}
