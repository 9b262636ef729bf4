package jp.kanmin.ops.adapters;

import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import jp.kanmin.shared.RuleViolation;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The command side asks the directory's read model whether an organisation exists. The read model trails the events
 * by a moment, so an organisation registered a second ago may still be "unknown"; the client sees a clear 400 and
 * can retry.
 */
@Component
class DirectoryKnownOrganisations implements KnownOrganisations {

    private final ReactiveMongoTemplate mongo;

    DirectoryKnownOrganisations(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Mono<Set<String>> districtsOf(OrganisationId organisation) {
        return districts(organisation).map(list -> list.stream().map(d -> d.getString("name"))
                                                       .collect(Collectors.toCollection(java.util.TreeSet::new)));
    }

    @Override
    public Mono<District> district(OrganisationId organisation, String name) {
        return districts(organisation)
                .flatMap(list -> Mono.justOrEmpty(list.stream().filter(d -> name.equals(d.getString("name"))).findFirst()))
                .map(d -> new District(d.getString("name"), d.getInteger("registeredBusinesses", 0),
                                       OrganisationId.of(d.getString("municipality")), d.getString("scaleRules")))
                .switchIfEmpty(Mono.error(() -> RuleViolation.notFound(
                        "district-not-found", organisation + " has no district '" + name + "'")));
    }

    private Mono<List<Document>> districts(OrganisationId organisation) {
        return mongo.findById(organisation.value(), Document.class, "organisations")
                    .map(found -> found.getList("districts", Document.class, List.of()))
                    .defaultIfEmpty(List.of());
    }

    @Override
    public Mono<List<OrganisationId>> peersOf(OrganisationId organisation, java.util.Collection<OrganisationId> among) {
        return mongo.findById(organisation.value(), Document.class, "organisations").flatMap(self -> mongo
                .find(org.springframework.data.mongodb.core.query.Query.query(
                              org.springframework.data.mongodb.core.query.Criteria.where("_id")
                                      .in(among.stream().map(OrganisationId::value).toList())),
                      Document.class, "organisations")
                .filter(other -> !other.getString("_id").equals(organisation.value()))
                .filter(other -> "ACTIVE".equals(other.getString("status")))
                .filter(other -> java.util.Objects.equals(other.getString("type"), self.getString("type"))
                        && java.util.Objects.equals(other.getString("sector"), self.getString("sector")))
                .map(other -> OrganisationId.of(other.getString("_id")))
                .collectList()).defaultIfEmpty(List.of());
    }

    @Override
    public Mono<Optional<OrganisationType>> activeType(OrganisationId organisation) {
        return mongo.findById(organisation.value(), Document.class, "organisations")
                    .filter(found -> "ACTIVE".equals(found.getString("status")))
                    .map(found -> Optional.of(OrganisationType.valueOf(found.getString("type"))))
                    .defaultIfEmpty(Optional.empty());
    }
}
