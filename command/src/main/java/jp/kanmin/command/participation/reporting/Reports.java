package jp.kanmin.command.participation.reporting;

import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.participation.ParticipationEvent;
import jp.kanmin.shared.participation.ParticipationEvent.BusinessDamageSurveyed;
import jp.kanmin.shared.participation.ParticipationEvent.BusinessRecoveryReported;
import jp.kanmin.shared.participation.ParticipationEvent.ConsultationDeskReported;
import jp.kanmin.shared.participation.ParticipationEvent.OutageReported;
import jp.kanmin.shared.participation.ParticipationEvent.OutageRestored;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.ReportConfirmed;
import jp.kanmin.shared.participation.ParticipationEvent.RestorationEtaUpdated;
import jp.kanmin.shared.participation.ParticipationEvent.ShelterStatusReported;
import jp.kanmin.shared.participation.ParticipationEvent.SiteDamageReported;
import jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported;
import jp.kanmin.shared.participation.ParticipationEvent.SupplyChainReported;
import jp.kanmin.shared.participation.ParticipationEvent.SurroundingsReported;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.report.ReportType;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * 状況報告: one organisation's reports in an incident, a part of its participation. It numbers each kind's reports,
 * knows which it made (a correction or a sharing may name only those), and guards each kind's own rules: counts and
 * amounts not negative, an outage reported once and then updated, businesses surveyed only by their surveyors.
 */
public class Reports {

    /** Forecast hazards start their timelines days ahead of zero hour, but not months. */
    private static final Duration EARLIEST_OBSERVATION = Duration.ofDays(30);

    /** Whose reports, in an incident of which zero hour. */
    private ParticipationStarted started;
    private final Map<ReportType, Integer> reportsPerType = new EnumMap<>(ReportType.class);
    private final Map<ReportId, ReportType> reportTypes = new HashMap<>();
    private final Map<ReportId, Boolean> unconfirmedReports = new HashMap<>();
    /** Each outage reported, with its current restoration ETA (見込み). */
    private final Map<String, Optional<Instant>> outages = new HashMap<>();
    private final Map<String, Integer> surveyRevisions = new HashMap<>();

    /** Records the report, or refuses it whole; the caller has checked that the organisation may still post. */
    public void post(ReportId id, ReportContent content, ReportFacts facts) {
        ParticipationId participationId = started.participationId();
        observationMustBelongToThisIncident(facts.observedAt());
        correctionMustNameAnEarlierReportOfTheSameKind(content, facts);
        int number = reportsPerType.getOrDefault(content.reportType(), 0) + 1;
        apply(switch (content) {
            case ReportContent.StaffSafety c -> {
                countsMustNotBeNegative(c.safe(), c.injured(), c.missing(), c.unreachable(),
                                        c.ableToWork() == null ? 0 : c.ableToWork());
                yield new StaffSafetyReported(participationId, id, number, c, facts);
            }
            case ReportContent.SiteDamage c -> new SiteDamageReported(participationId, id, number, c, facts);
            case ReportContent.Surroundings c -> new SurroundingsReported(participationId, id, number, c, facts);
            case ReportContent.Outage c -> {
                outageMustBeNew(c.outageId());
                countsMustNotBeNegative(orZero(c.householdsAffected()), orZero(c.sitesAffected()));
                yield new OutageReported(participationId, id, number, c, facts);
            }
            case ReportContent.RestorationEta c -> new RestorationEtaUpdated(participationId, id, number, c, facts,
                                                                               knownOutage(c.outageId()));
            case ReportContent.Restored c -> {
                knownOutage(c.outageId());
                yield new OutageRestored(participationId, id, number, c, facts);
            }
            case ReportContent.Shelter c -> {
                countsMustNotBeNegative(orZero(c.capacity()), orZero(c.occupancy()));
                yield new ShelterStatusReported(participationId, id, number, c, facts);
            }
            case ReportContent.ConsultationDesk c -> new ConsultationDeskReported(participationId, id, number, c, facts);
            case ReportContent.BusinessRecovery c -> new BusinessRecoveryReported(participationId, id, number, c, facts);
            case ReportContent.SupplyChain c -> new SupplyChainReported(participationId, id, number, c, facts);
            case ReportContent.BusinessDamage c -> {
                onlyChambersAndParksSurveyBusinesses();
                amountsMustNotBeNegative(c);
                yield new BusinessDamageSurveyed(participationId, id, number, c, facts,
                                                 surveyRevisions.getOrDefault(c.businessId(), 0) + 1);
            }
        });
    }

    /** 確認: a report posted as unconfirmed (未確認) is confirmed once; confirming again changes nothing. */
    public void confirm(ReportId reportId, String note) {
        Boolean unconfirmed = unconfirmedReports.get(reportId);
        if (unconfirmed == null) {
            throw RuleViolation.notFound("report-not-found", "your organisation has no report " + reportId);
        }
        if (unconfirmed) {
            apply(new ReportConfirmed(started.participationId(), reportId, note));
        }
    }

    /** What is shared refers to this organisation's own reports in this incident: a report it can vouch for. */
    public void mustBeOurOwn(List<ReportId> reports) {
        for (int i = 0; i < reports.size(); i++) {
            if (!reportTypes.containsKey(reports.get(i))) {
                throw RuleViolation.invalid("reports[" + i + "]", "own-report",
                                            "'" + reports.get(i) + "' is not a report your organisation made in "
                                                    + "this incident");
            }
        }
    }

    private static void countsMustNotBeNegative(int... counts) {
        for (int count : counts) {
            if (count < 0) {
                throw RuleViolation.invalid("content", "non-negative", "counts must not be negative");
            }
        }
    }

    private static int orZero(Integer count) {
        return count == null ? 0 : count;
    }

    private static void amountsMustNotBeNegative(ReportContent.BusinessDamage survey) {
        if (survey.items().stream().anyMatch(item -> item.amountYen() < 0)) {
            throw RuleViolation.invalid("items", "non-negative", "damage amounts must not be negative");
        }
    }

    private void onlyChambersAndParksSurveyBusinesses() {
        OrganisationType surveyor = started.organisationType();
        if (surveyor != OrganisationType.CHAMBER_OF_COMMERCE && surveyor != OrganisationType.INDUSTRIAL_PARK) {
            throw RuleViolation.forbidden("surveyor-only", "business damage is surveyed by a chamber of commerce or an "
                    + "industrial park");
        }
    }

    private void correctionMustNameAnEarlierReportOfTheSameKind(ReportContent content, ReportFacts facts) {
        ReportId corrected = facts.supersedes();
        if (corrected != null && reportTypes.get(corrected) != content.reportType()) {
            throw RuleViolation.invalid("supersedes", "earlier-report-of-same-kind",
                                        "supersedes must name an earlier " + content.reportType()
                                                + " report of your organisation");
        }
    }

    private void outageMustBeNew(String outageId) {
        if (outages.containsKey(outageId)) {
            throw RuleViolation.conflict("outage-exists", "outage " + outageId
                    + " is already reported; report a new restoration ETA or its restoration instead");
        }
    }

    /** @return the outage's current restoration ETA */
    private Instant knownOutage(String outageId) {
        if (!outages.containsKey(outageId)) {
            throw RuleViolation.invalid("outageId", "known-outage",
                                        "your organisation has not reported outage " + outageId);
        }
        return outages.get(outageId).orElse(null);
    }

    private void observationMustBelongToThisIncident(Instant observedAt) {
        if (observedAt.isBefore(started.zeroHour().minus(EARLIEST_OBSERVATION))) {
            throw RuleViolation.invalid("observedAt", "within-incident",
                                        "observedAt lies more than " + EARLIEST_OBSERVATION.toDays()
                                                + " days before the incident's zero hour");
        }
    }

    @EventSourcingHandler
    void on(ParticipationStarted event) {
        started = event;
    }

    @EventSourcingHandler
    void on(ParticipationEvent.Report report) {
        reportsPerType.put(report.content().reportType(), report.number());
        reportTypes.put(report.reportId(), report.content().reportType());
        unconfirmedReports.put(report.reportId(), report.facts().unconfirmed());
        switch (report) {
            case OutageReported outage -> outages.put(outage.content().outageId(),
                                                      Optional.ofNullable(outage.content().restorationEta()));
            case RestorationEtaUpdated eta -> outages.put(eta.content().outageId(),
                                                          Optional.ofNullable(eta.content().restorationEta()));
            case BusinessDamageSurveyed survey -> surveyRevisions.put(survey.content().businessId(), survey.revision());
            default -> {
            }
        }
    }

    @EventSourcingHandler
    void on(ReportConfirmed event) {
        unconfirmedReports.put(event.reportId(), false);
    }
}
