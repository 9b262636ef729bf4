package jp.kanmin.command.organisation;

import jp.kanmin.command.support.DeduplicatingAggregate;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.organisation.OrganisationCommands.AddRelation;
import jp.kanmin.shared.organisation.OrganisationCommands.AgreeSharing;
import jp.kanmin.shared.organisation.OrganisationCommands.DefineDistrict;
import jp.kanmin.shared.organisation.OrganisationCommands.EndSharingAgreement;
import jp.kanmin.shared.organisation.OrganisationCommands.RegisterOrganisation;
import jp.kanmin.shared.organisation.OrganisationCommands.RemoveRelation;
import jp.kanmin.shared.organisation.OrganisationCommands.RenameOrganisation;
import jp.kanmin.shared.organisation.OrganisationCommands.RetireOrganisation;
import jp.kanmin.shared.organisation.OrganisationEvent;
import jp.kanmin.shared.organisation.OrganisationEvent.DistrictDefined;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRegistered;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRenamed;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRetired;
import jp.kanmin.shared.organisation.OrganisationEvent.RelationAdded;
import jp.kanmin.shared.organisation.OrganisationEvent.RelationRemoved;
import jp.kanmin.shared.organisation.OrganisationEvent.SharingAgreed;
import jp.kanmin.shared.organisation.OrganisationEvent.SharingAgreementEnded;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.organisation.RelationType;
import jp.kanmin.shared.exchange.Cadence;
import jp.kanmin.shared.exchange.SharingCadences;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;


import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One organisation in the directory (組織台帳) with its outgoing relations. */
@Aggregate(cache = "aggregateCache")
public class Organisation extends DeduplicatingAggregate {

    @AggregateIdentifier
    private OrganisationId organisationId;
    private DirectoryEntry entry = DirectoryEntry.NONE;

    protected Organisation() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RegisterOrganisation command) {
        if (organisationId != null) {
            throw RuleViolation.conflict("organisation-exists", "organisation " + command.organisationId()
                    + " is already registered");
        }
        sectorOnlyForInfrastructureOperators(command);
        labelRequiredForOther(command);
        apply(new OrganisationRegistered(command.organisationId(), command.name(), command.nameEn(), command.type(),
                                         command.sector(), command.label()));
    }

    @CommandHandler
    public void handle(RenameOrganisation command) {
        mustBeActive();
        apply(new OrganisationRenamed(organisationId, command.name(), command.nameEn()));
    }

    @CommandHandler
    public void handle(RetireOrganisation command) {
        if (!entry.retired()) {
            apply(new OrganisationRetired(organisationId, command.reason()));
        }
    }

    @CommandHandler
    public void handle(AddRelation command) {
        mustBeActive();
        if (command.target().equals(organisationId)) {
            throw RuleViolation.invalid("target", "not-self", "an organisation cannot relate to itself");
        }
        if (!entry.relations().contains(new DirectoryEntry.Relation(command.type(), command.target()))) {
            apply(new RelationAdded(organisationId, command.type(), command.target()));
        }
    }

    @CommandHandler
    public void handle(DefineDistrict command) {
        mustBeActive();
        if (command.registeredBusinesses() < 0) {
            throw RuleViolation.invalid("registeredBusinesses", "non-negative",
                                        "the number of registered businesses cannot be negative");
        }
        apply(new DistrictDefined(organisationId, command.district(), command.registeredBusinesses(),
                                  command.municipality(), command.scaleRules()));
    }

    /** 情報共有の取り決め: agreed anew or changed; the same terms again change nothing. */
    @CommandHandler
    public void handle(AgreeSharing command, SharingCadences cadences) {
        mustBeActive();
        if (organisationId.equals(command.counterpart())) {
            throw RuleViolation.invalid("counterpart", "another-organisation", "an organisation shares with others");
        }
        districtMustBeOurs(command.district());
        scaleFollowingCadenceMustNameItsDistrict(cadences.cadence(command.cadence()), command.district());
        apply(new SharingAgreed(organisationId, command.agreementId(), command.counterpart(), command.topic(),
                                command.direction(), command.cadence(), command.district()));
    }

    @CommandHandler
    public void handle(EndSharingAgreement command) {
        if (!entry.agreements().containsKey(command.agreementId())) {
            throw RuleViolation.notFound("agreement-not-found",
                                         organisationId + " has no sharing agreement " + command.agreementId());
        }
        apply(new SharingAgreementEnded(organisationId, command.agreementId(), command.reason()));
    }

    @CommandHandler
    public void handle(RemoveRelation command) {
        if (entry.relations().contains(new DirectoryEntry.Relation(command.type(), command.target()))) {
            apply(new RelationRemoved(organisationId, command.type(), command.target()));
        }
    }

    private static void sectorOnlyForInfrastructureOperators(RegisterOrganisation command) {
        boolean operator = command.type() == OrganisationType.INFRASTRUCTURE_OPERATOR;
        if (operator && command.sector() == null) {
            throw RuleViolation.invalid("sector", "required", "an infrastructure operator needs a sector");
        }
        if (!operator && command.sector() != null) {
            throw RuleViolation.invalid("sector", "only-for-infrastructure-operators",
                                        "only infrastructure operators have a sector");
        }
    }

    private static void labelRequiredForOther(RegisterOrganisation command) {
        if (command.type() == OrganisationType.OTHER && (command.label() == null || command.label().isBlank())) {
            throw RuleViolation.invalid("label", "required", "an organisation of type OTHER needs a label");
        }
    }

    private void districtMustBeOurs(String district) {
        if (district != null && !entry.districts().containsKey(district)) {
            throw RuleViolation.notFound("district-not-found", organisationId + " has no district '" + district + "'");
        }
    }

    /**
     * A cadence that follows the declared damage scale (004) needs the district whose scale it follows; without one
     * it would follow whichever district of the holder was declared last.
     */
    private static void scaleFollowingCadenceMustNameItsDistrict(Cadence cadence, String district) {
        if (cadence.followsScale() && district == null) {
            throw RuleViolation.invalid("district", "required-for-scale-cadence",
                                        "cadence '" + cadence.id() + "' follows the damage scale declared for one "
                                                + "district: name that district");
        }
    }

    private void mustBeActive() {
        if (entry.retired()) {
            throw RuleViolation.conflict("organisation-retired", "organisation " + organisationId + " is retired");
        }
    }

    @EventSourcingHandler
    void on(OrganisationEvent event) {
        entry = entry.after(event);
        organisationId = entry.organisationId();
    }

    @Override
    protected String aggregateIdentifier() {
        return organisationId.toString();
    }
}
