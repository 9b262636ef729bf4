package jp.kanmin.shared.organisation;

import org.axonframework.serialization.Revision;

/** Events of the organisation directory (組織台帳). */
public sealed interface OrganisationEvent {

    OrganisationId organisationId();

    @Revision("1")
    record OrganisationRegistered(OrganisationId organisationId, String name, String nameEn, OrganisationType type,
                                  InfrastructureSector sector, String label) implements OrganisationEvent {}

    @Revision("1")
    record OrganisationRenamed(OrganisationId organisationId, String name, String nameEn)
            implements OrganisationEvent {}

    /** The organisation no longer takes part in anything; its credentials stop working. */
    @Revision("1")
    record OrganisationRetired(OrganisationId organisationId, String reason) implements OrganisationEvent {}

    @Revision("1")
    record RelationAdded(OrganisationId organisationId, RelationType type, OrganisationId target)
            implements OrganisationEvent {}

    @Revision("1")
    record RelationRemoved(OrganisationId organisationId, RelationType type, OrganisationId target)
            implements OrganisationEvent {}

    @Revision("1")
    record DistrictDefined(OrganisationId organisationId, String district, int registeredBusinesses,
                           OrganisationId municipality, String scaleRules) implements OrganisationEvent {}

    /**
     * 情報共有の取り決め: agreed or changed. A null counterpart means "each organisation this one reports to"; the
     * district, if named, is the one whose declared damage scale the cadence follows.
     */
    @Revision("1")
    record SharingAgreed(OrganisationId organisationId, String agreementId, OrganisationId counterpart,
                         jp.kanmin.shared.sharing.ExchangeTopic topic,
                         jp.kanmin.shared.sharing.SharingDirection direction, String cadence, String district)
            implements OrganisationEvent {}

    @Revision("1")
    record SharingAgreementEnded(OrganisationId organisationId, String agreementId, String reason)
            implements OrganisationEvent {}
}
