package jp.kanmin.command.testing;

import jp.kanmin.command.plan.PlanCatalogue;
import jp.kanmin.shared.incident.IncidentEvent.IncidentOpened;
import jp.kanmin.shared.incident.IncidentEvent.ParticipantJoined;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.incident.IncidentTrigger;
import jp.kanmin.shared.incident.Participant;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.plan.TimelinePlan;
import jp.kanmin.shared.plan.TimelinePlanReader;

import java.time.Instant;
import java.util.Optional;

/** The cast and events the command-side tests share: 牧之原市 and its chamber, a prefecture, a power operator. */
public final class TestData {

    public static final Instant ZERO_HOUR = Instant.parse("2026-11-20T05:46:00Z");
    public static final IncidentId INCIDENT = IncidentId.of("6f0c5a2e-4b1d-4c8e-9a57-1d2e3f4a5b6c");
    public static final Participant CITY = new Participant(OrganisationId.of("makinohara-city"),
                                                           OrganisationType.MUNICIPALITY);
    public static final Participant CHAMBER = new Participant(OrganisationId.of("makinohara-chamber"),
                                                              OrganisationType.CHAMBER_OF_COMMERCE);
    public static final Participant PREFECTURE = new Participant(OrganisationId.of("shizuoka-prefecture"),
                                                                 OrganisationType.PREFECTURE);
    public static final Participant POWER = new Participant(OrganisationId.of("chubu-power"),
                                                            OrganisationType.INFRASTRUCTURE_OPERATOR);
    public static final OrganisationId STRANGER = OrganisationId.of("other-company");
    public static final TimelinePlan DEFAULT_PLAN = TimelinePlanReader.readResource("/plans/default-plans.yaml");
    public static final String PLAN_VERSION = DEFAULT_PLAN.version();

    private TestData() {
    }

    public static IncidentOpened opened() {
        return new IncidentOpened(INCIDENT, "南海トラフ地震 訓練", IncidentKind.EARTHQUAKE, IncidentTrigger.DRILL, ZERO_HOUR,
                                  IncidentMode.EXERCISE, CITY.organisationId(), CITY.organisationId(), PLAN_VERSION,
                                  jp.kanmin.shared.incident.ObligationsFrom.ZERO_HOUR);
    }

    public static ParticipantJoined joined(Participant participant, Participant addedBy) {
        return new ParticipantJoined(INCIDENT, participant.organisationId(), participant.type(),
                                     addedBy.organisationId());
    }

    public static ParticipationId participationOf(Participant participant) {
        return new ParticipationId(INCIDENT, participant.organisationId());
    }

    public static ParticipationStarted started(Participant participant, Instant zeroHour) {
        return new ParticipationStarted(participationOf(participant), zeroHour, participant.type(),
                                        IncidentKind.EARTHQUAKE, PLAN_VERSION, null);
    }

    /** A staff-safety report as the chamber's phone posts it. */
    public static jp.kanmin.shared.participation.PostReport staffSafety(ParticipationId participation,
                                                                       jp.kanmin.shared.report.ReportId report,
                                                                       int safe, int injured, int missing,
                                                                       int unreachable, String note, Instant observed) {
        return new jp.kanmin.shared.participation.PostReport(
                participation, report, new jp.kanmin.shared.report.ReportContent.StaffSafety(safe, injured, missing,
                                                                                             unreachable, null),
                jp.kanmin.shared.report.ReportFacts.observedAt(observed).withNote(note));
    }

    public static jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported staffSafetyReported(
            ParticipationId participation, jp.kanmin.shared.report.ReportId report, int number, int safe,
            int injured, int missing, int unreachable, String note, Instant observed) {
        return new jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported(
                participation, report, number,
                new jp.kanmin.shared.report.ReportContent.StaffSafety(safe, injured, missing, unreachable, null),
                jp.kanmin.shared.report.ReportFacts.observedAt(observed).withNote(note));
    }

    /** The catalogue as the application has it at start: the default plans only. */
    /** An hour before each escalation step; the chamber reports to the prefecture, the city coordinates. */
    public static jp.kanmin.command.participation.ReportingChains reportingChains() {
        return new jp.kanmin.command.participation.ReportingChains() {
            @Override
            public java.time.Duration escalateAfter() {
                return java.time.Duration.ofHours(1);
            }

            @Override
            public jp.kanmin.shared.participation.ReportingChain of(ParticipationId participation) {
                java.util.List<OrganisationId> parents = participation.organisationId().equals(CHAMBER.organisationId())
                        ? java.util.List.of(PREFECTURE.organisationId()) : java.util.List.of();
                return new jp.kanmin.shared.participation.ReportingChain(parents, CITY.organisationId());
            }
        };
    }

    public static PlanCatalogue defaultPlans() {
        return new PlanCatalogue() {
            @Override
            public String currentVersion() {
                return PLAN_VERSION;
            }

            @Override
            public Optional<TimelinePlan> find(String version) {
                return PLAN_VERSION.equals(version) ? Optional.of(DEFAULT_PLAN) : Optional.empty();
            }
        };
    }
}
