package jp.kanmin.query.damage;

import jp.kanmin.query.support.Rendered;
import jp.kanmin.shared.damage.DamageJudgementEvent;
import jp.kanmin.shared.damage.DamageJudgementEvent.DamageScaleDeclared;
import jp.kanmin.shared.damage.DamageJudgementEvent.DamageScaleProposed;
import jp.kanmin.shared.organisation.InfrastructureSector;
import jp.kanmin.shared.participation.ParticipationEvent.BusinessDamageSurveyed;
import jp.kanmin.shared.participation.ParticipationEvent.OutageReported;
import jp.kanmin.shared.participation.ParticipationEvent.OutageRestored;
import jp.kanmin.shared.participation.ParticipationEvent.RestorationEtaUpdated;
import jp.kanmin.shared.participation.ParticipationEvent.SurroundingsReported;
import jp.kanmin.shared.report.DamageGrade;
import jp.kanmin.shared.report.DamageItem;
import jp.kanmin.shared.report.DamageScale;
import jp.kanmin.shared.report.DamageScaleRules;
import jp.kanmin.shared.report.DistrictFigures;
import jp.kanmin.shared.report.Estimate;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.Area;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An incident's damage picture: the latest survey of each business, the latest word on each area, each district's
 * damage-scale judgement and each infrastructure outage. Folded from events by the same transitions live and "as
 * of" an instant; the district summary with its totals and suggested scale is computed from it.
 */
public final class DamageBook implements jp.kanmin.query.timeline.TimelineEvents.Fold {

    /** What this book rendered, for the next requests it answers (see {@link Rendered}). */
    final Rendered rendered = new Rendered();

    static final String SURVEYS = "surveys";
    static final String AREAS = "areas";
    static final String JUDGEMENTS = "judgements";
    static final String OUTAGES = "outages";
    static final String PARTIES = "parties";

    /** The latest survey of one business; {@code earlier} lists the revisions it replaced. */
    public record Survey(String surveyor, String businessId, String businessName, String district, int revision,
                         DamageGrade grade, List<DamageItem> items, Estimate estimate, boolean powerOutage,
                         boolean unreachable, Instant observedAt, Instant recordedAt, String reportId,
                         List<Revision> earlier) {

        long totalYen() {
            return items.stream().mapToLong(DamageItem::amountYen).sum();
        }

        Survey withEarlier(List<Revision> revisions) {
            return new Survey(surveyor, businessId, businessName, district, revision, grade, items, estimate,
                              powerOutage, unreachable, observedAt, recordedAt, reportId, revisions);
        }
    }

    public record Revision(int revision, String reportId, long totalYen, Instant recordedAt) {
    }

    /**
     * The latest word on whether an area can be reached and how its access routes are. {@code districtOf} owns the
     * district the area is (the reporter's own when the report did not name another owner).
     */
    public record AreaReport(String area, String organisationId, String districtOf, boolean reachable,
                             ReportContent.Routes accessRoutes, String reportId, Instant recordedAt) {

        String key() {
            return judgementKey(districtOf != null ? districtOf : organisationId, area);
        }
    }

    /** An organisation taking part: its districts are part of the damage picture, surveyed or not. */
    public record Party(String organisationId) {
    }

    /**
     * A district's judgement: the scale in force and any proposal waiting for confirmation.
     *
     * @param earlierDeclaredAt   when the declaration before the one in force was made, if any: a published alert of
     *                            the scale (CAP) is an update of that one
     * @param earlierDeclaredBy   who declared that one
     */
    public record Judgement(String surveyor, String district, DamageScale declared, Instant declaredAt,
                            String proposedBy, String confirmedBy, String basis, DamageScale pending,
                            String pendingBy, Instant pendingSince, Instant earlierDeclaredAt,
                            String earlierDeclaredBy) {

        /** Who declared the scale in force: the municipality that confirmed it, else its proposer. */
        public String declaredBy() {
            return confirmedBy != null ? confirmedBy : proposedBy;
        }
    }

    /** An infrastructure outage with every restoration ETA it was given, so slippage shows. */
    public record Outage(String organisationId, String outageId, InfrastructureSector sector, Integer households,
                         Integer sites, String cause, String area, List<EtaChange> etas, boolean restored,
                         Instant restoredAt) {
    }

    public record EtaChange(Instant eta, Instant announcedAt, String reason) {
    }

    static String surveyKey(String surveyor, String business) {
        return surveyor + "|" + business;
    }

    static String judgementKey(String surveyor, String district) {
        return surveyor + "|" + district;
    }

    static String outageKey(String organisation, String outage) {
        return organisation + "|" + outage;
    }

    final Map<String, Survey> surveys = new LinkedHashMap<>();
    final Map<String, AreaReport> areas = new LinkedHashMap<>();
    final Map<String, Judgement> judgements = new LinkedHashMap<>();
    final Map<String, Outage> outages = new LinkedHashMap<>();
    final Map<String, Party> parties = new LinkedHashMap<>();

    /** Applies one event recorded at {@code recordedAt}; events that do not touch the damage picture are ignored. */
    @Override
    public void apply(Object event, Instant recordedAt) {
        switch (event) {
            case BusinessDamageSurveyed e -> {
                String key = surveyKey(e.organisationId().value(), e.content().businessId());
                surveys.put(key, survey(surveys.get(key), e, recordedAt));
            }
            case SurroundingsReported e when e.facts().area() != null -> {
                AreaReport area = area(e, recordedAt);
                areas.put(area.key(), area);
            }
            case ParticipationStarted e -> parties.put(e.organisationId().value(),
                                                       new Party(e.organisationId().value()));
            case DamageJudgementEvent e -> {
                String key = judgementKey(e.judgementId().surveyor().value(), e.judgementId().district());
                judgements.put(key, judgement(judgements.get(key), e, recordedAt));
            }
            case OutageReported e -> put(e.organisationId().value(), e.content().outageId(), e, recordedAt);
            case RestorationEtaUpdated e -> put(e.organisationId().value(), e.content().outageId(), e, recordedAt);
            case OutageRestored e -> put(e.organisationId().value(), e.content().outageId(), e, recordedAt);
            default -> {
            }
        }
    }

    private void put(String organisation, String outageId, Object event, Instant recordedAt) {
        String key = outageKey(organisation, outageId);
        Outage next = outage(outages.get(key), event, recordedAt);
        if (next != null) {
            outages.put(key, next);
        }
    }

    // ---------------------------------------------------------------------------------- transitions (pure)

    /**
     * The survey with the highest revision wins, whatever order surveys arrive in; every other revision is kept once
     * in {@code earlier}, oldest first.
     */
    static Survey survey(Survey current, BusinessDamageSurveyed event, Instant recordedAt) {
        Revision arriving = new Revision(event.revision(), event.reportId().value(),
                                         event.content().items().stream().mapToLong(DamageItem::amountYen).sum(),
                                         recordedAt);
        if (current != null && current.revision() >= event.revision()) {
            boolean known = current.revision() == event.revision()
                    || current.earlier().stream().anyMatch(r -> r.revision() == event.revision());
            return known ? current : current.withEarlier(merged(current.earlier(), arriving));
        }
        List<Revision> earlier = current == null ? List.of()
                : merged(current.earlier(), new Revision(current.revision(), current.reportId(), current.totalYen(),
                                                         current.recordedAt()));
        ReportContent.BusinessDamage content = event.content();
        return new Survey(event.organisationId().value(), content.businessId(), content.businessName(),
                          event.facts().area() == null ? null : event.facts().area().name(), event.revision(),
                          content.grade(), content.items(), content.estimate(), content.powerOutage(),
                          content.unreachable(), event.facts().observedAt(), recordedAt, event.reportId().value(),
                          earlier);
    }

    private static List<Revision> merged(List<Revision> revisions, Revision revision) {
        List<Revision> merged = new ArrayList<>(revisions);
        merged.add(revision);
        merged.sort(Comparator.comparingInt(Revision::revision));
        return List.copyOf(merged);
    }

    static AreaReport area(SurroundingsReported event, Instant recordedAt) {
        Area area = event.facts().area();
        return new AreaReport(area.name(), event.organisationId().value(),
                              area.districtOf() == null ? null : area.districtOf().value(), event.content().reachable(),
                              event.content().accessRoutes(), event.reportId().value(), recordedAt);
    }

    static Judgement judgement(Judgement current, DamageJudgementEvent event, Instant recordedAt) {
        String surveyor = event.judgementId().surveyor().value();
        String district = event.judgementId().district();
        Judgement base = current != null ? current
                : new Judgement(surveyor, district, null, null, null, null, null, null, null, null, null, null);
        return switch (event) {
            case DamageScaleProposed p -> new Judgement(surveyor, district, base.declared(), base.declaredAt(),
                                                        base.proposedBy(), base.confirmedBy(), p.basis(), p.scale(),
                                                        p.proposedBy().value(), recordedAt, base.earlierDeclaredAt(),
                                                        base.earlierDeclaredBy());
            case DamageScaleDeclared d -> new Judgement(surveyor, district, d.scale(), recordedAt,
                                                        d.proposedBy().value(),
                                                        d.confirmedBy() == null ? null : d.confirmedBy().value(),
                                                        d.basis(), null, null, null, base.declaredAt(),
                                                        base.declaredAt() == null ? null : base.declaredBy());
        };
    }

    static Outage outage(Outage current, Object event, Instant recordedAt) {
        return switch (event) {
            case OutageReported e -> {
                ReportContent.Outage c = e.content();
                List<EtaChange> etas = c.restorationEta() == null ? List.of()
                        : List.of(new EtaChange(c.restorationEta(), recordedAt, null));
                yield new Outage(e.organisationId().value(), c.outageId(), c.sector(), c.householdsAffected(),
                                 c.sitesAffected(), c.cause(), e.facts().area() == null ? null : e.facts().area().name(),
                                 etas, false, null);
            }
            case RestorationEtaUpdated e when current != null -> {
                List<EtaChange> etas = new ArrayList<>(current.etas());
                etas.add(new EtaChange(e.content().restorationEta(), recordedAt, e.content().reason()));
                yield new Outage(current.organisationId(), current.outageId(), current.sector(), current.households(),
                                 current.sites(), current.cause(), current.area(), List.copyOf(etas), current.restored(),
                                 current.restoredAt());
            }
            case OutageRestored e when current != null -> new Outage(
                    current.organisationId(), current.outageId(), current.sector(), current.households(),
                    current.sites(), current.cause(), current.area(), current.etas(), true, e.facts().observedAt());
            default -> current;
        };
    }

    // ------------------------------------------------------------------------------------------------ views

    /** A district as the directory defines it; absent when the surveyor defined none. */
    public record DistrictDefinition(String surveyor, String district, int registeredBusinesses, String municipality,
                                     String scaleRules) {
    }

    /** Amounts in whole yen by the totals the plans report: building, equipment, goods. */
    public record Totals(long building, long equipment, long goods, long total, long roughYen, long confirmedYen,
                         int roughBusinesses, int confirmedBusinesses) {
    }

    /** Shares of registered businesses (of surveyed ones when none are registered), in percent, one decimal. */
    public record Percentages(BigDecimal surveyed, BigDecimal powerOutage, BigDecimal lightDamage,
                              BigDecimal severeDamage) {
    }

    /**
     * Whether anything is known of a district: surveyed (at least one business), or reported cut off (unreachable or
     * roads cut, with no survey yet: the plans presume large-scale damage), or not yet surveyed (nothing heard: no
     * suggestion, and the HQ sees the silence).
     */
    public enum SurveyState { SURVEYED, CUT_OFF, NOT_SURVEYED }

    public record DistrictSummary(String surveyor, String district, int registeredBusinesses, SurveyState state,
                                  int surveyed, int powerOutage, int lightDamage, int severeDamage,
                                  int unreachableBusinesses, int unreachableAreas, int roadsCut,
                                  Percentages percentages, Totals totals, Map<DamageGrade, Integer> grades,
                                  DamageScaleRules.Suggestion suggestion, Judgement judgement) {
    }

    /** Outages still on, by sector: what the immediate report form (第4号様式) counts as 電気・水道・ガス・電話. */
    public record Utilities(long powerHouseholds, long waterHouseholds, long gasHouseholds, long telecomLines,
                            List<Outage> outages) {
    }

    public record Summary(String incidentId, Instant asOf, List<DistrictSummary> districts, Utilities utilities) {
    }

    /**
     * Every district of the organisations taking part ({@code definitions}, from the directory), and every other one
     * something was reported about, with its figures and suggested scale.
     */
    public Summary summary(String incidentId, Instant asOf, List<DistrictDefinition> definitions) {
        Set<String> keys = new LinkedHashSet<>();
        Map<String, DistrictDefinition> defined = new LinkedHashMap<>();
        definitions.forEach(d -> defined.put(judgementKey(d.surveyor(), d.district()), d));
        keys.addAll(defined.keySet());
        surveys.values().forEach(s -> keys.add(judgementKey(s.surveyor(), s.district())));
        judgements.values().forEach(j -> keys.add(judgementKey(j.surveyor(), j.district())));
        areas.values().stream().filter(a -> a.districtOf() != null).forEach(a -> keys.add(a.key()));
        List<DistrictSummary> districts = keys.stream()
                                              .map(key -> district(key, defined.get(key)))
                                              .sorted(Comparator.comparing(DistrictSummary::surveyor)
                                                                .thenComparing(DistrictSummary::district))
                                              .toList();
        return new Summary(incidentId, asOf, districts, utilities());
    }

    private DistrictSummary district(String key, DistrictDefinition definition) {
        String surveyor = key.substring(0, key.indexOf('|'));
        String district = key.substring(key.indexOf('|') + 1);
        List<Survey> latest = surveys.values().stream()
                                     .filter(s -> s.surveyor().equals(surveyor) && district.equals(s.district()))
                                     .toList();
        int registered = definition == null ? 0 : definition.registeredBusinesses();
        int power = (int) latest.stream().filter(Survey::powerOutage).count();
        int light = (int) latest.stream().filter(s -> s.grade().isLight()).count();
        int severe = (int) latest.stream().filter(s -> s.grade().isSevere()).count();
        int unreachableBusinesses = (int) latest.stream().filter(Survey::unreachable).count();
        AreaReport area = areas.get(key);
        int unreachableAreas = area != null && !area.reachable() ? 1 : 0;
        int roadsCut = area != null && area.accessRoutes() == ReportContent.Routes.CUT ? 1 : 0;
        Map<DamageGrade, Integer> grades = new EnumMap<>(DamageGrade.class);
        latest.forEach(s -> grades.merge(s.grade(), 1, Integer::sum));
        DistrictFigures figures = new DistrictFigures(registered, latest.size(), power, light, severe,
                                                      unreachableBusinesses + unreachableAreas, roadsCut);
        SurveyState state = !latest.isEmpty() ? SurveyState.SURVEYED
                : unreachableAreas + roadsCut > 0 ? SurveyState.CUT_OFF : SurveyState.NOT_SURVEYED;
        DamageScaleRules.Suggestion suggestion = definition == null || state == SurveyState.NOT_SURVEYED ? null
                : DamageScaleRules.defaults().suggest(definition.scaleRules(), figures);
        int denominator = registered > 0 ? registered : latest.size();
        Percentages percentages = new Percentages(percent(latest.size(), registered), percent(power, denominator),
                                                  percent(light, denominator), percent(severe, denominator));
        return new DistrictSummary(surveyor, district, registered, state, latest.size(), power, light, severe,
                                   unreachableBusinesses, unreachableAreas, roadsCut, percentages, totals(latest),
                                   grades, suggestion, judgements.get(key));
    }

    static Totals totals(List<Survey> latest) {
        long building = 0;
        long equipment = 0;
        long goods = 0;
        long rough = 0;
        long confirmed = 0;
        int roughBusinesses = 0;
        int confirmedBusinesses = 0;
        for (Survey survey : latest) {
            for (DamageItem item : survey.items()) {
                switch (item.category().group()) {
                    case BUILDING -> building += item.amountYen();
                    case EQUIPMENT -> equipment += item.amountYen();
                    case GOODS -> goods += item.amountYen();
                }
            }
            if (survey.estimate() == Estimate.ROUGH) {
                rough += survey.totalYen();
                roughBusinesses++;
            } else {
                confirmed += survey.totalYen();
                confirmedBusinesses++;
            }
        }
        return new Totals(building, equipment, goods, building + equipment + goods, rough, confirmed, roughBusinesses,
                          confirmedBusinesses);
    }

    private static BigDecimal percent(int count, int of) {
        return of == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(count * 100L).divide(BigDecimal.valueOf(of), 1, RoundingMode.HALF_UP);
    }

    private Utilities utilities() {
        List<Outage> active = outages.values().stream().filter(o -> !o.restored()).toList();
        return new Utilities(households(active, InfrastructureSector.POWER), households(active, InfrastructureSector.WATER),
                             households(active, InfrastructureSector.GAS), households(active, InfrastructureSector.TELECOM),
                             List.copyOf(outages.values()));
    }

    private static long households(List<Outage> outages, InfrastructureSector sector) {
        return outages.stream().filter(o -> o.sector() == sector)
                      .mapToLong(o -> o.households() == null ? 0 : o.households()).sum();
    }

    /** The organisations whose districts the picture shows: those taking part, and any that surveyed or judged. */
    public Set<String> districtOwners() {
        Set<String> surveyors = new LinkedHashSet<>(parties.keySet());
        areas.values().stream().filter(a -> a.districtOf() != null).forEach(a -> surveyors.add(a.districtOf()));
        surveys.values().forEach(s -> surveyors.add(s.surveyor()));
        judgements.values().forEach(j -> surveyors.add(j.surveyor()));
        return surveyors;
    }

    public List<Survey> surveys(String surveyor, String district) {
        return surveys.values().stream()
                      .filter(s -> surveyor == null || s.surveyor().equals(surveyor))
                      .filter(s -> district == null || district.equals(s.district()))
                      .sorted(Comparator.comparing(Survey::businessId)).toList();
    }
}
