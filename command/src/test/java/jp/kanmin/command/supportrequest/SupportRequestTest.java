package jp.kanmin.command.supportrequest;

import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.support.SupportRequestCommands.AcceptSupport;
import jp.kanmin.shared.support.SupportRequestCommands.CancelSupportRequest;
import jp.kanmin.shared.support.SupportRequestCommands.DeclineSupport;
import jp.kanmin.shared.support.SupportRequestCommands.DeliverSupport;
import jp.kanmin.shared.support.SupportRequestCommands.Priority;
import jp.kanmin.shared.support.SupportRequestCommands.RequestSupport;
import jp.kanmin.shared.support.SupportRequestCommands.Resource;
import jp.kanmin.shared.support.SupportRequestEvent.SupportAccepted;
import jp.kanmin.shared.support.SupportRequestEvent.SupportDeclined;
import jp.kanmin.shared.support.SupportRequestEvent.SupportDelivered;
import jp.kanmin.shared.support.SupportRequestEvent.SupportRequestCancelled;
import jp.kanmin.shared.support.SupportRequestEvent.SupportRequestFulfilled;
import jp.kanmin.shared.support.SupportRequestEvent.SupportRequested;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static jp.kanmin.command.testing.TestData.INCIDENT;

/** 応援要請: a power operator asks two peers for 10 generator trucks. */
class SupportRequestTest {

    static final String ID = "req-1";
    static final OrganisationId REQUESTER = OrganisationId.of("chubu-power");
    static final OrganisationId KANSAI = OrganisationId.of("kansai-power");
    static final OrganisationId HOKURIKU = OrganisationId.of("hokuriku-power");
    static final Instant NEEDED_BY = Instant.parse("2026-11-21T00:00:00Z");

    private AggregateTestFixture<SupportRequest> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forAggregate(SupportRequest.class);
    }

    private static SupportRequested requested() {
        return new SupportRequested(ID, INCIDENT, REQUESTER, List.of(KANSAI, HOKURIKU), true, Resource.VEHICLES,
                                    "高圧発電機車", 10, "台", Priority.URGENT, NEEDED_BY);
    }

    @Test
    void aRequestGoesToEveryAddressee() {
        fixture.givenNoPriorActivity()
               .when(new RequestSupport(ID, INCIDENT, REQUESTER, List.of(KANSAI, HOKURIKU), true, Resource.VEHICLES,
                                        "高圧発電機車", 10, "台", Priority.URGENT, NEEDED_BY))
               .expectEvents(requested());
    }

    @Test
    void twoPeersShareTheWorkAndTheLastDeliveryFulfilsTheRequest() {
        fixture.given(requested(), new SupportAccepted(ID, INCIDENT, KANSAI, 6, null),
                      new SupportAccepted(ID, INCIDENT, HOKURIKU, 4, null),
                      new SupportDelivered(ID, INCIDENT, KANSAI, 6, 6, null))
               .when(new DeliverSupport(ID, HOKURIKU, null, "到着"))
               .expectEvents(new SupportDelivered(ID, INCIDENT, HOKURIKU, 4, 10, "到着"),
                             new SupportRequestFulfilled(ID, INCIDENT, HOKURIKU, 10));
    }

    @Test
    void aPartialDeliveryLeavesTheRequestOpen() {
        fixture.given(requested(), new SupportAccepted(ID, INCIDENT, KANSAI, 10, null))
               .when(new DeliverSupport(ID, KANSAI, 3, "第1便"))
               .expectEvents(new SupportDelivered(ID, INCIDENT, KANSAI, 3, 3, "第1便"));
    }

    @Test
    void aDeclineNeedsAReason() {
        fixture.given(requested())
               .when(new DeclineSupport(ID, KANSAI, " "))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.INVALID));
        fixture.given(requested())
               .when(new DeclineSupport(ID, KANSAI, "自社設備の復旧を優先"))
               .expectEvents(new SupportDeclined(ID, INCIDENT, KANSAI, "自社設備の復旧を優先"));
    }

    @Test
    void anAddresseeThatDeclinedCannotDeliverOrAcceptAfterwards() {
        fixture.given(requested(), new SupportDeclined(ID, INCIDENT, KANSAI, "余力なし"))
               .when(new DeliverSupport(ID, KANSAI, 1, null))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.CONFLICT))
               .expectNoEvents();
        fixture.given(requested(), new SupportDeclined(ID, INCIDENT, KANSAI, "余力なし"))
               .when(new AcceptSupport(ID, KANSAI, 1, null))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.CONFLICT));
    }

    @Test
    void nobodyButAnAddresseeAnswersAndNobodyButTheRequesterCancels() {
        fixture.given(requested())
               .when(new AcceptSupport(ID, OrganisationId.of("stranger"), 1, null))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.FORBIDDEN));
        fixture.given(requested())
               .when(new CancelSupportRequest(ID, KANSAI, "no"))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.FORBIDDEN));
    }

    @Test
    void aCancelledRequestTakesNoMoreAnswers() {
        fixture.given(requested(), new SupportRequestCancelled(ID, INCIDENT, REQUESTER, "自力で復旧"))
               .when(new AcceptSupport(ID, KANSAI, null, null))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.CONFLICT))
               .expectNoEvents();
    }

    @Test
    void anOfferCannotExceedWhatIsStillNeeded() {
        fixture.given(requested(), new SupportAccepted(ID, INCIDENT, KANSAI, 10, null),
                      new SupportDelivered(ID, INCIDENT, KANSAI, 7, 7, null))
               .when(new AcceptSupport(ID, HOKURIKU, 5, null))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.INVALID));
    }
}
