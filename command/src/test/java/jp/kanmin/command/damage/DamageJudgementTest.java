package jp.kanmin.command.damage;

import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.damage.DamageJudgementCommands.ConfirmDamageScale;
import jp.kanmin.shared.damage.DamageJudgementCommands.DeclareDamageScale;
import jp.kanmin.shared.damage.DamageJudgementCommands.Parties;
import jp.kanmin.shared.damage.DamageJudgementCommands.ProposeDamageScale;
import jp.kanmin.shared.damage.DamageJudgementEvent.DamageScaleDeclared;
import jp.kanmin.shared.damage.DamageJudgementEvent.DamageScaleProposed;
import jp.kanmin.shared.damage.JudgementId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.report.DamageScale;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static jp.kanmin.command.testing.TestData.CHAMBER;
import static jp.kanmin.command.testing.TestData.CITY;
import static jp.kanmin.command.testing.TestData.INCIDENT;

/** 被害規模の判断: the chamber proposes, the municipality confirms. */
class DamageJudgementTest {

    private static final OrganisationId CHAMBER_ID = CHAMBER.organisationId();
    private static final OrganisationId CITY_ID = CITY.organisationId();
    private static final JudgementId SAGARA = new JudgementId(INCIDENT, CHAMBER_ID, "相良地区");
    private static final Parties PARTIES = new Parties(CHAMBER_ID, CITY_ID);

    private AggregateTestFixture<DamageJudgement> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forAggregate(DamageJudgement.class);
    }

    @Test
    void theChamberProposesAScale() {
        fixture.givenNoPriorActivity()
               .when(new ProposeDamageScale(SAGARA, PARTIES, DamageScale.LARGE, "停電32%", CHAMBER_ID, false))
               .expectEvents(new DamageScaleProposed(SAGARA, DamageScale.LARGE, "停電32%", CHAMBER_ID));
    }

    @Test
    void theMunicipalityConfirmsTheChambersProposal() {
        fixture.given(new DamageScaleProposed(SAGARA, DamageScale.LARGE, "停電32%", CHAMBER_ID))
               .when(new ConfirmDamageScale(SAGARA, PARTIES, CITY_ID, false))
               .expectEvents(new DamageScaleDeclared(SAGARA, DamageScale.LARGE, "停電32%", CHAMBER_ID, CITY_ID,
                                                     CHAMBER_ID, CITY_ID));
    }

    @Test
    void theProposerCannotConfirmItsOwnProposal() {
        fixture.given(new DamageScaleProposed(SAGARA, DamageScale.LARGE, null, CHAMBER_ID))
               .when(new ConfirmDamageScale(SAGARA, PARTIES, CHAMBER_ID, false))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.FORBIDDEN))
               .expectNoEvents();
    }

    @Test
    void nothingIsConfirmedWithoutAProposal() {
        fixture.given(new DamageScaleDeclared(SAGARA, DamageScale.DAMAGE, null, CHAMBER_ID, CITY_ID, CITY_ID, null))
               .when(new ConfirmDamageScale(SAGARA, PARTIES, CITY_ID, false))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.CONFLICT));
    }

    @Test
    void theMunicipalityDeclaresOnItsOwn() {
        fixture.givenNoPriorActivity()
               .when(new DeclareDamageScale(SAGARA, PARTIES, DamageScale.LARGE, "連絡の取れない地域あり", CITY_ID, false))
               .expectEvents(new DamageScaleDeclared(SAGARA, DamageScale.LARGE, "連絡の取れない地域あり", CHAMBER_ID,
                                                     CITY_ID, CITY_ID, null));
    }

    @Test
    void theChamberAloneDoesNotDeclare() {
        fixture.givenNoPriorActivity()
               .when(new DeclareDamageScale(SAGARA, PARTIES, DamageScale.LARGE, null, CHAMBER_ID, false))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.FORBIDDEN));
    }

    @Test
    void anOutsiderHasNoSay() {
        fixture.givenNoPriorActivity()
               .when(new ProposeDamageScale(SAGARA, PARTIES, DamageScale.DAMAGE, null, OrganisationId.of("someone"),
                                            false))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.FORBIDDEN));
    }

    @Test
    void declaringTheScaleAlreadyInForceChangesNothing() {
        fixture.given(new DamageScaleDeclared(SAGARA, DamageScale.DAMAGE, null, CHAMBER_ID, CITY_ID, CITY_ID, null))
               .when(new DeclareDamageScale(SAGARA, PARTIES, DamageScale.DAMAGE, null, CITY_ID, false))
               .expectNoEvents();
    }
}
