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
}
