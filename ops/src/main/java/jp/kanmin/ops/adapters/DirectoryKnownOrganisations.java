package jp.kanmin.ops.adapters;

import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Optional;

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
    public Mono<Optional<OrganisationType>> activeType(OrganisationId organisation) {
        return mongo.findById(organisation.value(), Document.class, "organisations")
                    .filter(found -> "ACTIVE".equals(found.getString("status")))
                    .map(found -> Optional.of(OrganisationType.valueOf(found.getString("type"))))
                    .defaultIfEmpty(Optional.empty());
    }
}
