package jp.kanmin.shared.organisation;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the organisation directory (組織台帳); administrators send them. */
public final class OrganisationCommands {

    private OrganisationCommands() {
    }

    /**
     * @param sector only for infrastructure operators, and required for them
     * @param label  what an organisation of type OTHER is; required for that type
     */
    public record RegisterOrganisation(@TargetAggregateIdentifier OrganisationId organisationId, String name,
                                       String nameEn, OrganisationType type, InfrastructureSector sector,
                                       String label) {
    }

    public record RenameOrganisation(@TargetAggregateIdentifier OrganisationId organisationId, String name,
                                     String nameEn) {
    }

    public record RetireOrganisation(@TargetAggregateIdentifier OrganisationId organisationId, String reason) {
    }

    public record AddRelation(@TargetAggregateIdentifier OrganisationId organisationId, RelationType type,
                              OrganisationId target) {
    }

    public record RemoveRelation(@TargetAggregateIdentifier OrganisationId organisationId, RelationType type,
                                 OrganisationId target) {
    }

    /**
     * 管轄地区: a district the organisation (a chamber of commerce, a park) is responsible for, with the number of
     * businesses registered there, the municipality it judges damage with, and the damage-scale rules they agreed.
     */
    public record DefineDistrict(@TargetAggregateIdentifier OrganisationId organisationId, String district,
                                 int registeredBusinesses, OrganisationId municipality, String scaleRules) {
    }

    /**
     * 情報共有の取り決め: this organisation shares {@code topic} with {@code counterpart} (or with each organisation it
     * reports to, when {@code counterpart} is null) on {@code cadence}; MUTUAL when both share with each other.
     */
    public record AgreeSharing(@TargetAggregateIdentifier OrganisationId organisationId, String agreementId,
                               OrganisationId counterpart, jp.kanmin.shared.sharing.ExchangeTopic topic,
                               jp.kanmin.shared.sharing.SharingDirection direction, String cadence, String district) {
    }

    public record EndSharingAgreement(@TargetAggregateIdentifier OrganisationId organisationId, String agreementId,
                                      String reason) {
    }
}
