package jp.kanmin.command.testing;

import jp.kanmin.shared.MessageMetadata;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.test.aggregate.AggregateTestFixture;

/** Fixtures wired like the application: events inherit the request id and actor of the command that caused them. */
public final class Fixtures {

    private Fixtures() {
    }

    public static <T> AggregateTestFixture<T> forAggregate(Class<T> aggregate) {
        AggregateTestFixture<T> fixture = new AggregateTestFixture<>(aggregate);
        fixture.registerCommandHandlerInterceptor(new CorrelationDataInterceptor<>(
                new SimpleCorrelationDataProvider(MessageMetadata.REQUEST_ID, MessageMetadata.ACTOR)));
        return fixture;
    }

    /** A participation as the application runs it, with the default plans and sharing cadences as resources. */
    public static AggregateTestFixture<jp.kanmin.command.participation.Participation> forParticipation() {
        AggregateTestFixture<jp.kanmin.command.participation.Participation> fixture =
                forAggregate(jp.kanmin.command.participation.Participation.class);
        fixture.registerInjectableResource(TestData.defaultPlans());
        fixture.registerInjectableResource(jp.kanmin.shared.exchange.SharingCadences.defaults());
        fixture.registerInjectableResource(TestData.reportingChains());
        return fixture;
    }

    /** Matches a refusal of the given kind, e.g. NOT_FOUND for an outsider who must learn nothing. */
    public static org.hamcrest.Matcher<Throwable> refusedAs(jp.kanmin.shared.RuleViolation.Kind kind) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable item) {
                return item instanceof jp.kanmin.shared.RuleViolation violation && violation.kind() == kind;
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a rule violation of kind ").appendValue(kind);
            }
        };
    }
}
