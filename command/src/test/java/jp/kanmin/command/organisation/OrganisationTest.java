package jp.kanmin.command.organisation;

import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.organisation.InfrastructureSector;
import jp.kanmin.shared.exchange.SharingCadences;
import jp.kanmin.shared.sharing.SharingDirection;
import jp.kanmin.shared.organisation.OrganisationCommands.AddRelation;
import jp.kanmin.shared.organisation.OrganisationCommands.AgreeSharing;
import jp.kanmin.shared.organisation.OrganisationEvent.DistrictDefined;
import jp.kanmin.shared.organisation.OrganisationEvent.SharingAgreed;
import jp.kanmin.shared.sharing.ExchangeTopic;
import jp.kanmin.shared.organisation.OrganisationCommands.RegisterOrganisation;
import jp.kanmin.shared.organisation.OrganisationCommands.RenameOrganisation;
import jp.kanmin.shared.organisation.OrganisationCommands.RetireOrganisation;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRegistered;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRenamed;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRetired;
import jp.kanmin.shared.organisation.OrganisationEvent.RelationAdded;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.organisation.RelationType;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrganisationTest {

    private static final OrganisationId CHAMBER = OrganisationId.of("chugei-chamber");
    private static final OrganisationId FEDERATION = OrganisationId.of("kochi-chamber-federation");
    private static final OrganisationRegistered REGISTERED =
            new OrganisationRegistered(CHAMBER, "中芸地区商工会", null, OrganisationType.CHAMBER_OF_COMMERCE, null, null);

    private AggregateTestFixture<Organisation> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forAggregate(Organisation.class);
        fixture.registerInjectableResource(SharingCadences.defaults());
    }

    @Test
    void aChamberIsRegistered() {
        fixture.givenNoPriorActivity()
               .when(new RegisterOrganisation(CHAMBER, "中芸地区商工会", null, OrganisationType.CHAMBER_OF_COMMERCE,
                                              null, null))
               .expectEvents(REGISTERED);
    }

    @Test
    void anInfrastructureOperatorNeedsASector() {
        fixture.givenNoPriorActivity()
               .when(new RegisterOrganisation(OrganisationId.of("chubu-power"), "中部電力パワーグリッド", null,
                                              OrganisationType.INFRASTRUCTURE_OPERATOR, null, null))
               .expectException(RuleViolation.class);
    }

    @Test
    void onlyInfrastructureOperatorsHaveASector() {
        fixture.givenNoPriorActivity()
               .when(new RegisterOrganisation(CHAMBER, "中芸地区商工会", null, OrganisationType.CHAMBER_OF_COMMERCE,
                                              InfrastructureSector.POWER, null))
               .expectException(RuleViolation.class);
    }

    @Test
    void anOtherOrganisationNeedsALabel() {
        fixture.givenNoPriorActivity()
               .when(new RegisterOrganisation(OrganisationId.of("village-businesses"), "村内商工業者", null,
                                              OrganisationType.OTHER, null, " "))
               .expectException(RuleViolation.class);
    }

    @Test
    void theSameIdIsNotRegisteredTwice() {
        fixture.given(REGISTERED)
               .when(new RegisterOrganisation(CHAMBER, "別名", null, OrganisationType.COMPANY, null, null))
               .expectException(RuleViolation.class);
    }

    @Test
    void aChamberReportsToItsFederation() {
        fixture.given(REGISTERED)
               .when(new AddRelation(CHAMBER, RelationType.REPORTS_TO, FEDERATION))
               .expectEvents(new RelationAdded(CHAMBER, RelationType.REPORTS_TO, FEDERATION));
    }

    @Test
    void aRelationIsRecordedOnce() {
        fixture.given(REGISTERED, new RelationAdded(CHAMBER, RelationType.REPORTS_TO, FEDERATION))
               .when(new AddRelation(CHAMBER, RelationType.REPORTS_TO, FEDERATION))
               .expectNoEvents();
    }

    @Test
    void anOrganisationDoesNotRelateToItself() {
        fixture.given(REGISTERED)
               .when(new AddRelation(CHAMBER, RelationType.MEMBER_OF, CHAMBER))
               .expectException(RuleViolation.class);
    }

    @Test
    void aRetiredOrganisationIsNotRenamed() {
        fixture.given(REGISTERED, new OrganisationRetired(CHAMBER, "合併"))
               .when(new RenameOrganisation(CHAMBER, "新名称", null))
               .expectException(RuleViolation.class);
    }

    @Test
    void renamingKeepsTheEnglishName() {
        fixture.given(REGISTERED)
               .when(new RenameOrganisation(CHAMBER, "中芸地区商工会", "Chugei Chamber of Commerce"))
               .expectEvents(new OrganisationRenamed(CHAMBER, "中芸地区商工会", "Chugei Chamber of Commerce"));
    }

    @Test
    void retiringTwiceRecordsItOnce() {
        fixture.given(REGISTERED, new OrganisationRetired(CHAMBER, "合併"))
               .when(new RetireOrganisation(CHAMBER, "合併"))
               .expectNoEvents();
    }

    private static final OrganisationId CITY = OrganisationId.of("tsuyama-city");
    private static final DistrictDefined DISTRICT =
            new DistrictDefined(CHAMBER, "勝北地区", 120, CITY, "tsuyama-004");

    @Test
    void anAgreementOnAScaleFollowingCadenceNamesItsDistrict() {
        fixture.given(REGISTERED, DISTRICT)
               .when(new AgreeSharing(CHAMBER, "damage-picture", CITY, ExchangeTopic.DAMAGE_PICTURE,
                                      SharingDirection.MUTUAL, "tsuyama-004", null))
               .expectException(RuleViolation.class)
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("name that district"));
    }

    @Test
    void anAgreementOnAScaleFollowingCadenceFollowsTheDistrictItNames() {
        fixture.given(REGISTERED, DISTRICT)
               .when(new AgreeSharing(CHAMBER, "damage-picture", CITY, ExchangeTopic.DAMAGE_PICTURE,
                                      SharingDirection.MUTUAL, "tsuyama-004", "勝北地区"))
               .expectEvents(new SharingAgreed(CHAMBER, "damage-picture", CITY, ExchangeTopic.DAMAGE_PICTURE,
                                               SharingDirection.MUTUAL, "tsuyama-004", "勝北地区"));
    }

    @Test
    void anAgreementNamesOnlyADistrictOfItsHolder() {
        fixture.given(REGISTERED, DISTRICT)
               .when(new AgreeSharing(CHAMBER, "damage-picture", CITY, ExchangeTopic.DAMAGE_PICTURE,
                                      SharingDirection.MUTUAL, "tsuyama-004", "奈義地区"))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.NOT_FOUND));
    }

    @Test
    void aFixedCadenceNeedsNoDistrict() {
        fixture.given(REGISTERED)
               .when(new AgreeSharing(CHAMBER, "damage-picture", CITY, ExchangeTopic.DAMAGE_PICTURE,
                                      SharingDirection.ONE_WAY, "chugei-003", null))
               .expectSuccessfulHandlerExecution();
    }
}
