package jp.kanmin.query.directory;

import jp.kanmin.shared.organisation.OrganisationEvent.DistrictDefined;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRegistered;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRenamed;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRetired;
import jp.kanmin.shared.organisation.OrganisationEvent.RelationAdded;
import jp.kanmin.shared.organisation.OrganisationEvent.RelationRemoved;
import jp.kanmin.shared.organisation.OrganisationEvent.SharingAgreed;
import jp.kanmin.shared.organisation.OrganisationEvent.SharingAgreementEnded;
import jp.kanmin.shared.organisation.OrganisationId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Keeps the directory read model; handlers are idempotent. */
@Component
@ProcessingGroup("directory")
class DirectoryProjection {

    private final MongoTemplate mongo;

    DirectoryProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(OrganisationRegistered event) {
        try {
            mongo.insert(new OrganisationView(event.organisationId().value(), event.name(), event.nameEn(),
                                              event.type().name(),
                                              event.sector() == null ? null : event.sector().name(), event.label(),
                                              "ACTIVE", List.of(), List.of(), List.of()));
        } catch (DuplicateKeyException alreadyProjected) {
            // redelivered
        }
    }

    @EventHandler
    void on(OrganisationRenamed event) {
        update(event.organisationId(), Update.update("name", event.name()).set("nameEn", event.nameEn()));
    }

    @EventHandler
    void on(OrganisationRetired event) {
        update(event.organisationId(), Update.update("status", "RETIRED"));
    }

    @EventHandler
    void on(RelationAdded event) {
        update(event.organisationId(), new Update().addToSet("relations", new OrganisationView.Relation(
                event.type().name(), event.target().value())));
    }

    @EventHandler
    void on(RelationRemoved event) {
        update(event.organisationId(), new Update().pull("relations", new OrganisationView.Relation(
                event.type().name(), event.target().value())));
    }

    @EventHandler
    void on(DistrictDefined event) {
        OrganisationView.District district = new OrganisationView.District(
                event.district(), event.registeredBusinesses(), event.municipality().value(), event.scaleRules());
        replace(event.organisationId(), "districts", "name", event.district(), district);
    }

    @EventHandler
    void on(SharingAgreed event) {
        OrganisationView.Agreement agreement = new OrganisationView.Agreement(
                event.agreementId(), event.counterpart() == null ? null : event.counterpart().value(),
                event.topic().name(), event.direction().name(), event.cadence(), event.district());
        replace(event.organisationId(), "agreements", "agreementId", event.agreementId(), agreement);
    }

    @EventHandler
    void on(SharingAgreementEnded event) {
        update(event.organisationId(), new Update().pull("agreements",
                                                         new org.bson.Document("agreementId", event.agreementId())));
    }

    /**
     * An entry of a list, defined anew, in one write: a pull and a push in two would let a reader see the
     * organisation without it for a moment (a district's damage picture without its registered businesses).
     */
    private void replace(OrganisationId organisation, String list, String key, String value, Object entry) {
        org.bson.Document current = mongo.findById(organisation.value(), org.bson.Document.class,
                                                   mongo.getCollectionName(OrganisationView.class));
        java.util.List<Object> entries = new java.util.ArrayList<>();
        boolean replaced = false;
        for (org.bson.Document existing : current == null ? java.util.List.<org.bson.Document>of()
                : current.getList(list, org.bson.Document.class, java.util.List.of())) {
            if (value.equals(existing.get(key))) {
                entries.add(entry);
                replaced = true;
            } else {
                entries.add(existing);
            }
        }
        if (!replaced) {
            entries.add(entry);
        }
        update(organisation, new Update().set(list, entries));
    }

    private void update(OrganisationId organisation, Update update) {
        mongo.updateFirst(query(where("_id").is(organisation.value())), update, OrganisationView.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(OrganisationView.class);
    }
}
