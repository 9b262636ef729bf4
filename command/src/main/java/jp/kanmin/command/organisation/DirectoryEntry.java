package jp.kanmin.command.organisation;

import jp.kanmin.shared.sharing.SharingDirection;
import jp.kanmin.shared.organisation.InfrastructureSector;
import jp.kanmin.shared.organisation.OrganisationEvent;
import jp.kanmin.shared.organisation.OrganisationEvent.DistrictDefined;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRegistered;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRetired;
import jp.kanmin.shared.organisation.OrganisationEvent.RelationAdded;
import jp.kanmin.shared.organisation.OrganisationEvent.RelationRemoved;
import jp.kanmin.shared.organisation.OrganisationEvent.SharingAgreed;
import jp.kanmin.shared.organisation.OrganisationEvent.SharingAgreementEnded;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.organisation.RelationType;
import jp.kanmin.shared.sharing.ExchangeTopic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the directory (組織台帳) says about one organisation: its type, whether it is active, its relations, districts
 * (管轄地区) and sharing agreements. The {@link Organisation} aggregate keeps itself with {@link #after};
 * {@link KnownOrganisations} folds the same way from the event store for commands about other aggregates.
 */
public record DirectoryEntry(OrganisationId organisationId, OrganisationType type, InfrastructureSector sector,
                             boolean retired, Set<Relation> relations, Map<String, District> districts,
                             Map<String, Agreement> agreements) {

    public static final DirectoryEntry NONE = new DirectoryEntry(null, null, null, false, Set.of(), Map.of(), Map.of());

    public record Relation(RelationType type, OrganisationId target) {
    }

    /** A district as the directory defines it: its registered businesses, municipality and damage-scale rules. */
    public record District(String name, int registeredBusinesses, OrganisationId municipality, String scaleRules) {
    }

    /** 情報共有の取り決め as its holder made it; a null counterpart means each organisation the holder reports to. */
    public record Agreement(String agreementId, OrganisationId counterpart, ExchangeTopic topic,
                            SharingDirection direction, String cadence, String district) {
    }

    public boolean isActive() {
        return organisationId != null && !retired;
    }

    /** The organisations this one reports to: its reporting-chain parents. */
    public List<OrganisationId> parents() {
        return relations.stream().filter(r -> r.type() == RelationType.REPORTS_TO).map(Relation::target).toList();
    }

    public DirectoryEntry after(Object event) {
        if (!(event instanceof OrganisationEvent organisationEvent)) {
            return this;
        }
        return switch (organisationEvent) {
            case OrganisationRegistered e -> new DirectoryEntry(e.organisationId(), e.type(), e.sector(), false,
                                                                Set.of(), Map.of(), Map.of());
            case OrganisationRetired e -> new DirectoryEntry(organisationId, type, sector, true, relations, districts,
                                                             agreements);
            case RelationAdded e -> withRelations(changed(relations, new Relation(e.type(), e.target()), true));
            case RelationRemoved e -> withRelations(changed(relations, new Relation(e.type(), e.target()), false));
            case DistrictDefined e -> new DirectoryEntry(organisationId, type, sector, retired, relations,
                                                         put(districts, e.district(), new District(
                                                                 e.district(), e.registeredBusinesses(),
                                                                 e.municipality(), e.scaleRules())),
                                                         agreements);
            case SharingAgreed e -> new DirectoryEntry(organisationId, type, sector, retired, relations, districts,
                                                       put(agreements, e.agreementId(), new Agreement(
                                                               e.agreementId(), e.counterpart(), e.topic(),
                                                               e.direction(), e.cadence(), e.district())));
            case SharingAgreementEnded e -> new DirectoryEntry(organisationId, type, sector, retired, relations,
                                                               districts, put(agreements, e.agreementId(), null));
            default -> this;
        };
    }

    private DirectoryEntry withRelations(Set<Relation> now) {
        return new DirectoryEntry(organisationId, type, sector, retired, now, districts, agreements);
    }

    private static Set<Relation> changed(Set<Relation> relations, Relation relation, boolean present) {
        Set<Relation> copy = new LinkedHashSet<>(relations);
        if (present) {
            copy.add(relation);
        } else {
            copy.remove(relation);
        }
        return Collections.unmodifiableSet(copy);
    }

    /** A copy with {@code key} set to {@code value}, or removed when it is null. */
    private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
        Map<String, V> copy = new LinkedHashMap<>(map);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return Collections.unmodifiableMap(copy);
    }
}
