package jp.kanmin.ops.adapters;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import jp.kanmin.command.exchange.IncidentsTakenPartIn;
import jp.kanmin.ops.config.StoreProperties;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.addToSet;
import static com.mongodb.client.model.Updates.pull;

/**
 * The sharing process manager's record of who joined which incident and whose agreements name whom: one document per
 * organisation, read by {@code _id}. Written, like a read model, without waiting for the journal: the processor's
 * token is written after it on the same server, and the record can be rebuilt from the events.
 */
@Component
class MongoIncidentsTakenPartIn implements IncidentsTakenPartIn {

    static final String COLLECTION = "sharing_incidents_joined";

    private final MongoCollection<Document> joined;

    MongoIncidentsTakenPartIn(MongoClient client, StoreProperties store) {
        this.joined = client.getDatabase(store.database()).getCollection(COLLECTION)
                            .withWriteConcern(WriteConcern.W1.withJournal(false));
    }

    @Override
    public void joined(OrganisationId organisation, IncidentId incident) {
        joined.updateOne(eq("_id", organisation.value()), addToSet("incidents", incident.value()),
                         new UpdateOptions().upsert(true));
    }

    @Override
    public void left(OrganisationId organisation, IncidentId incident) {
        joined.updateOne(eq("_id", organisation.value()), pull("incidents", incident.value()));
    }

    @Override
    public Set<IncidentId> of(OrganisationId organisation) {
        Set<IncidentId> incidents = new LinkedHashSet<>();
        list(organisation, "incidents").forEach(id -> incidents.add(IncidentId.of(id)));
        return incidents;
    }

    @Override
    public void named(OrganisationId counterpart, OrganisationId holder) {
        joined.updateOne(eq("_id", counterpart.value()), addToSet("namedBy", holder.value()),
                         new UpdateOptions().upsert(true));
    }

    @Override
    public Set<OrganisationId> namedBy(OrganisationId counterpart) {
        Set<OrganisationId> holders = new LinkedHashSet<>();
        list(counterpart, "namedBy").forEach(id -> holders.add(OrganisationId.of(id)));
        return holders;
    }

    private List<String> list(OrganisationId organisation, String field) {
        Document found = joined.find(eq("_id", organisation.value())).first();
        return found == null ? List.of() : found.getList(field, String.class, List.of());
    }
}
