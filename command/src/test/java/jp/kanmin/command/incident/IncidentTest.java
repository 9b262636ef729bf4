package jp.kanmin.command.incident;

import jp.kanmin.command.participation.Participation;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.incident.IncidentEvent.IncidentOpened;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantJoined;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.incident.IncidentTrigger;
import jp.kanmin.shared.incident.OpenIncident;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

class IncidentTest {

    private static final Instant ZERO_HOUR = Instant.parse("2026-11-20T05:46:00Z");
    private static final IncidentId INCIDENT = IncidentId.random();
    private static final OrganisationId CITY = OrganisationId.of("makinohara-city");
    private static final OrganisationId CHAMBER = OrganisationId.of("makinohara-chamber");

    private AggregateTestFixture<Incident> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Incident.class);
    }

    private OpenIncident openEarthquakeDrill() {
        return new OpenIncident(INCIDENT, "南海トラフ地震 訓練", IncidentKind.EARTHQUAKE, IncidentTrigger.DRILL, ZERO_HOUR,
                                IncidentMode.EXERCISE, CITY, Set.of(CHAMBER), CITY);
    }

    @Test
    void openingAnIncidentAddsTheCoordinatingHqAndEachParticipant() {
        fixture.givenNoPriorActivity()
               .when(openEarthquakeDrill())
               .expectEvents(new IncidentOpened(INCIDENT, "南海トラフ地震 訓練", IncidentKind.EARTHQUAKE,
                                                IncidentTrigger.DRILL, ZERO_HOUR, IncidentMode.EXERCISE, CITY, CITY),
                             new ParticipantJoined(INCIDENT, CITY, CITY),
                             new ParticipationStarted(new ParticipationId(INCIDENT, CITY), ZERO_HOUR),
                             new ParticipantJoined(INCIDENT, CHAMBER, CITY),
                             new ParticipationStarted(new ParticipationId(INCIDENT, CHAMBER), ZERO_HOUR));
    }

    @Test
    void anIncidentIsOpenedOnlyOnce() {
        fixture.given(new IncidentOpened(INCIDENT, "訓練", IncidentKind.EARTHQUAKE, IncidentTrigger.DRILL, ZERO_HOUR,
                                         IncidentMode.EXERCISE, CITY, CITY))
               .when(openEarthquakeDrill())
               .expectException(RuleViolation.class)
               .expectNoEvents();
    }
}
