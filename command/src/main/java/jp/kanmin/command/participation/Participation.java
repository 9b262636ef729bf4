package jp.kanmin.command.participation;

import jp.kanmin.command.plan.PlanCatalogue;
import jp.kanmin.command.support.DeduplicatingAggregate;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.incident.IncidentKind;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.participation.Fulfilment;
import jp.kanmin.shared.participation.ParticipationCommands.ActivatePlanTasks;
import jp.kanmin.shared.participation.ParticipationCommands.ApplyDamageScale;
import jp.kanmin.shared.participation.ParticipationCommands.CloseParticipation;
import jp.kanmin.shared.participation.ParticipationCommands.CompleteTask;
import jp.kanmin.shared.participation.ParticipationCommands.ReassignTask;
import jp.kanmin.shared.participation.ParticipationCommands.ReopenParticipation;
import jp.kanmin.shared.participation.ParticipationCommands.ResumeDeadlines;
import jp.kanmin.shared.participation.ParticipationCommands.StartTask;
import jp.kanmin.shared.participation.ParticipationCommands.TakeOverTask;
import jp.kanmin.shared.participation.ParticipationCommands.WaiveTask;
import jp.kanmin.shared.participation.ParticipationEvent.DamageScaleApplied;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationClosed;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationReopened;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported;
import jp.kanmin.shared.participation.ParticipationEvent.TaskActivated;
import jp.kanmin.shared.participation.ParticipationEvent.TaskCompleted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskOverdue;
import jp.kanmin.shared.participation.ParticipationEvent.TaskReassigned;
import jp.kanmin.shared.participation.ParticipationEvent.TaskStarted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskWaived;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.ParticipationCommands.ConfirmReport;
import jp.kanmin.shared.participation.ParticipationCommands.RecordFulfilment;
import jp.kanmin.shared.participation.ParticipationEvent;
import jp.kanmin.shared.participation.ParticipationEvent.BusinessDamageSurveyed;
import jp.kanmin.shared.participation.ParticipationEvent.BusinessRecoveryReported;
import jp.kanmin.shared.participation.ParticipationEvent.ConsultationDeskReported;
import jp.kanmin.shared.participation.ParticipationEvent.OutageReported;
import jp.kanmin.shared.participation.ParticipationEvent.OutageRestored;
import jp.kanmin.shared.participation.ParticipationEvent.ReportConfirmed;
import jp.kanmin.shared.participation.ParticipationEvent.RestorationEtaUpdated;
import jp.kanmin.shared.participation.ParticipationEvent.ShelterStatusReported;
import jp.kanmin.shared.participation.ParticipationEvent.SiteDamageReported;
import jp.kanmin.shared.participation.ParticipationEvent.SupplyChainReported;
import jp.kanmin.shared.participation.ParticipationEvent.SurroundingsReported;
import jp.kanmin.shared.exchange.Cadence;
import jp.kanmin.shared.exchange.SharingCadences;
import jp.kanmin.shared.exchange.SlotMet;
import jp.kanmin.shared.participation.ParticipationCommands.AcknowledgeInformation;
import jp.kanmin.shared.participation.ParticipationCommands.ActivateSharingObligation;
import jp.kanmin.shared.participation.ParticipationCommands.ReceiveInformation;
import jp.kanmin.shared.participation.ParticipationCommands.ShareInformation;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeDue;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeMissed;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeScheduled;
import jp.kanmin.shared.participation.ParticipationEvent.InformationAcknowledged;
import jp.kanmin.shared.participation.ParticipationEvent.InformationReceived;
import jp.kanmin.shared.participation.ParticipationEvent.InformationShared;
import jp.kanmin.shared.participation.PostReport;
import jp.kanmin.shared.participation.PostReports;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import jp.kanmin.shared.plan.Completion;
import jp.kanmin.shared.plan.PlannedTask;
import jp.kanmin.shared.plan.TaskId;
import jp.kanmin.shared.report.DamageScale;
import jp.kanmin.shared.sharing.ExchangeTopic;
import jp.kanmin.shared.report.ReportType;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One organisation's part of an incident (参加組織): its reports and its phase tasks. Keeping one aggregate per
 * organisation and incident means two organisations posting at the same moment never conflict.
 */
@Aggregate(cache = "aggregateCache")
public class Participation extends DeduplicatingAggregate {

    static final Duration EARLIEST_OBSERVATION = Duration.ofDays(30);
    /** Each task has its own deadline name, so completing one cancels exactly its own deadline. */
    static final String TASK_DUE = "task-due/";

    /** The payload of a task's deadline. */
    public record TaskDue(TaskId taskId) {
    }

    @AggregateIdentifier
    private ParticipationId participationId;
    private Instant zeroHour;
    /** Where this organisation's tasks and sharing slots count from: zero hour, or its registration if later. */
    private Instant origin;
    private OrganisationType organisationType;
    private IncidentKind incidentKind;
    private String planVersion;
    private boolean closed;
    private DamageScale latestScale;
    private final Map<ReportType, Integer> reportsPerType = new EnumMap<>(ReportType.class);
    private final Map<ReportId, ReportType> reportTypes = new HashMap<>();
    private final Map<ReportId, Boolean> unconfirmedReports = new HashMap<>();
    private final Map<String, Optional<Instant>> outages = new HashMap<>();
    private final Map<String, Integer> surveyRevisions = new HashMap<>();
    private final Map<TaskId, Task> tasks = new LinkedHashMap<>();
    private final Map<String, DamageScale> scaleByDistrict = new HashMap<>();
    private final Map<String, SharingObligation> obligations = new LinkedHashMap<>();
    private final Map<String, Received> inbox = new HashMap<>();
    /** The first report or sharing of each kind since zero hour: it completes a task that opens only after it. */
    private final Map<Completion, Done> doneSinceZeroHour = new HashMap<>();

    private record Done(Fulfilment fulfilment, Instant at) {
    }

    /** Information that reached this organisation, and whether it acknowledged it. */
    private record Received(InformationReceived receipt, boolean acknowledged) {
        String original() {
            return receipt.originalExchangeId() != null ? receipt.originalExchangeId() : receipt.exchangeId();
        }
    }

    /** The payload of a sharing obligation's deadline: at {@code at} a slot falls due or closes. */
    public record ExchangeBoundary(String obligation, Instant at) {
    }

    static final String EXCHANGE_BOUNDARY = "exchange/";

    /** What the aggregate remembers of a task: enough to guard its lifecycle and to hand it over. */
    private record Task(TaskActivated activation, boolean open, boolean overdue) {

        Task closed() {
            return new Task(activation, false, overdue);
        }

        Task wentOverdue() {
            return new Task(activation, open, true);
        }

        Instant dueAt() {
            return activation.dueAt();
        }

        Completion completedBy() {
            return activation.completedBy();
        }
    }

    protected Participation() {
        // for Axon
    }

    public Participation(ParticipationId participationId, Instant zeroHour, OrganisationType organisationType,
                         IncidentKind incidentKind, String planVersion, Instant obligationsStart) {
        apply(new ParticipationStarted(participationId, zeroHour, organisationType, incidentKind, planVersion,
                                       obligationsStart));
    }

    /** Opens the plan's tasks for this organisation; a task already there (open or done) is left as it is. */
    @CommandHandler
    public void handle(ActivatePlanTasks command, PlanCatalogue plans, DeadlineManager deadlines) {
        for (PlannedTask task : plans.version(planVersion).tasksFor(incidentKind, organisationType)) {
            if (task.openWhen() == null && !tasks.containsKey(task.id())) {
                activate(task, deadlines);
            }
        }
    }

    /** 被害規模: tasks waiting for this scale open now; their due time still counts from zero hour. */
    @CommandHandler
    public void handle(ApplyDamageScale command, PlanCatalogue plans, SharingCadences cadences,
                       DeadlineManager deadlines) {
        if (command.scale() == scaleByDistrict.get(command.district())) {
            return;
        }
        apply(new DamageScaleApplied(participationId, command.scale(), command.district()));
        Instant now = GenericEventMessage.clock.instant();
        for (SharingObligation obligation : List.copyOf(obligations.values())) {
            Cadence cadence = cadences.cadence(obligation.cadence);
            if (cadence.followsScale()
                    && (obligation.district == null || obligation.district.equals(command.district()))) {
                apply(new ExchangeScheduled(participationId, obligation.agreementId, obligation.recipient,
                                            obligation.topic, obligation.cadence, obligation.district,
                                            command.scale(), now, cadence.bandsFor(command.scale())));
                planBoundary(obligation, deadlines);
            }
        }
        for (PlannedTask task : plans.version(planVersion).tasksFor(incidentKind, organisationType)) {
            if (task.openWhen() != null && command.scale().isAtLeast(task.openWhen())
                    && !tasks.containsKey(task.id())) {
                activate(task, deadlines);
            }
        }
    }

    /**
     * A task whose report or sharing was already made (after zero hour, before the task opened: the organisation
     * reported before its tasks were activated, or surveyed before the scale that opens the survey task) is done by it.
     */
    private void activate(PlannedTask task, DeadlineManager deadlines) {
        Instant dueAt = origin.plus(task.due());
        apply(new TaskActivated(participationId, task.id(), task.tier(), task.title(), dueAt, task.due(),
                                task.completedBy(), planVersion, null));
        Done already = task.completedBy() == null ? null : doneSinceZeroHour.get(task.completedBy());
        if (already != null) {
            apply(new TaskCompleted(participationId, task.id(), already.fulfilment(), null, dueAt,
                                    already.at().isAfter(dueAt)));
        } else {
            deadlines.schedule(dueAt, TASK_DUE + task.id(), new TaskDue(task.id()));
        }
    }

    @CommandHandler
    public void handle(TakeOverTask command, DeadlineManager deadlines) {
        if (tasks.containsKey(command.taskId()) && tasks.get(command.taskId()).open()) {
            return;
        }
        apply(new TaskActivated(participationId, command.taskId(), command.tier(), command.title(),
                                command.dueAt(), command.plannedOffset(), command.completedBy(),
                                command.planVersion(), command.from()));
        deadlines.schedule(command.dueAt(), TASK_DUE + command.taskId(), new TaskDue(command.taskId()));
    }

    @CommandHandler
    public void handle(StartTask command) {
        mustBeOpen(command.taskId());
        apply(new TaskStarted(participationId, command.taskId(), command.note()));
    }

    @CommandHandler
    public void handle(CompleteTask command, DeadlineManager deadlines) {
        mustBeOpen(command.taskId());
        complete(command.taskId(), Fulfilment.byHand(), command.note(), deadlines);
    }

    @CommandHandler
    public void handle(WaiveTask command, DeadlineManager deadlines) {
        mustBeOpen(command.taskId());
        reasonMustBeGiven(command.reason());
        apply(new TaskWaived(participationId, command.taskId(), command.reason()));
        deadlines.cancelAllWithinScope(TASK_DUE + command.taskId());
    }

    @CommandHandler
    public void handle(ReassignTask command, DeadlineManager deadlines) {
        mustBeOpen(command.taskId());
        reasonMustBeGiven(command.reason());
        if (command.to().equals(participationId.organisationId())) {
            throw RuleViolation.invalid("to", "another-organisation", "a task is reassigned to another organisation");
        }
        TaskActivated task = tasks.get(command.taskId()).activation();
        apply(new TaskReassigned(participationId, command.taskId(), command.to(), command.reason(), task.tier(),
                                 task.title(), task.dueAt(), task.plannedOffset(), task.completedBy(),
                                 task.planVersion()));
        deadlines.cancelAllWithinScope(TASK_DUE + command.taskId());
    }

    /**
     * 期限超過: a task done, waived or handed over in time has cancelled it. A deadline can run twice (a node killed
     * after recording it and before removing it); the second finds the task already overdue and records nothing.
     */
    @DeadlineHandler
    public void on(TaskDue due) {
        Task task = tasks.get(due.taskId());
        if (task != null && task.open() && !task.overdue()) {
            apply(new TaskOverdue(participationId, due.taskId(), task.dueAt()));
        }
    }

    // ------------------------------------------------------------------------------- 情報共有 (exchanges)

    /**
     * A sharing agreement now binds this organisation in this incident; activating it again changes nothing. Slots are
     * owed from the obligations' origin, or from when an agreement made later came into force; slots that fell due
     * before the activation are settled at once (missed, or due and still open).
     */
    @CommandHandler
    public void handle(ActivateSharingObligation command, SharingCadences cadences, DeadlineManager deadlines) {
        String key = SharingObligation.key(command.agreementId(), command.recipient());
        if (obligations.containsKey(key) || command.recipient().equals(participationId.organisationId())) {
            return;
        }
        Cadence cadence = cadences.cadence(command.cadence());
        DamageScale scale = scaleFor(command.district());
        Instant now = GenericEventMessage.clock.instant();
        Instant from = command.agreedAt() == null ? origin : latest(origin, command.agreedAt());
        apply(new ExchangeScheduled(participationId, command.agreementId(), command.recipient(), command.topic(),
                                    command.cadence(), command.district(), scale, from, cadence.bandsFor(scale)));
        SharingObligation obligation = obligations.get(key);
        obligation.boundary(participationId, origin, now)
                  .forEach(org.axonframework.modelling.command.AggregateLifecycle::apply);
        planBoundary(obligation, now, deadlines);
    }

    /** 情報共有: what it tells meets the earliest open slot of each obligation toward those it tells. */
    @CommandHandler
    public void handle(ShareInformation command, DeadlineManager deadlines) {
        mustBeOpenForPosting();
        if (command.recipients().isEmpty() || command.recipients().contains(participationId.organisationId())) {
            throw RuleViolation.invalid("to", "other-organisations", "information is shared with other organisations");
        }
        String original = null;
        ExchangeTopic topic = command.topic();
        if (command.forwardOf() != null) {
            Received received = inbox.get(command.forwardOf());
            if (received == null) {
                throw RuleViolation.notFound("exchange-not-received",
                                             "your organisation did not receive exchange " + command.forwardOf());
            }
            original = received.original();
            topic = topic != null ? topic : received.receipt().topic();
        }
        if (topic == null) {
            throw RuleViolation.invalid("topic", "required", "say what the information is about");
        }
        reportsMustBeOurOwn(command.reports());
        ExchangeTopic about = topic;
        Instant now = GenericEventMessage.clock.instant();
        List<SlotMet> slots = obligations.values().stream()
                                         .filter(o -> o.concerns(about, command.recipients()))
                                         .flatMap(o -> o.slotMetBy(origin, now).stream())
                                         .toList();
        apply(new InformationShared(participationId, command.exchangeId(), command.recipients(), command.chainLevel(),
                                    about, command.text(), command.reports(), command.forwardOf(), original, slots));
        completeTasksFulfilledBy(Completion.byExchange(about),
                                 new Fulfilment(Fulfilment.Kind.EXCHANGE, command.exchangeId()), deadlines);
    }

    @CommandHandler
    public void handle(ReceiveInformation command) {
        if (!inbox.containsKey(command.exchangeId())) {
            apply(new InformationReceived(participationId, command.exchangeId(), command.from(), command.topic(),
                                          command.sharedAt(), command.originalExchangeId()));
        }
    }

    /** 受領確認: once; acknowledging again changes nothing. */
    @CommandHandler
    public void handle(AcknowledgeInformation command) {
        Received received = inbox.get(command.exchangeId());
        if (received == null) {
            throw RuleViolation.notFound("exchange-not-received",
                                         "your organisation did not receive exchange " + command.exchangeId());
        }
        if (!received.acknowledged()) {
            apply(new InformationAcknowledged(participationId, command.exchangeId(), received.receipt().from(),
                                              received.receipt().sharedAt(), command.note()));
        }
    }

    /** A slot fell due or closed: say so on the timeline, then wait for the next. */
    @DeadlineHandler
    public void on(ExchangeBoundary boundary, DeadlineManager deadlines) {
        SharingObligation obligation = obligations.get(boundary.obligation());
        if (obligation == null || closed) {
            return;
        }
        // A deadline fires at or after its time; never act as if earlier than it.
        Instant now = latest(GenericEventMessage.clock.instant(), boundary.at());
        obligation.boundary(participationId, origin, now)
                  .forEach(org.axonframework.modelling.command.AggregateLifecycle::apply);
        planBoundary(obligation, now, deadlines);
    }

    private void planBoundary(SharingObligation obligation, DeadlineManager deadlines) {
        planBoundary(obligation, GenericEventMessage.clock.instant(), deadlines);
    }

    private void planBoundary(SharingObligation obligation, Instant now, DeadlineManager deadlines) {
        String name = EXCHANGE_BOUNDARY + obligation.key();
        deadlines.cancelAllWithinScope(name);
        obligation.nextBoundary(origin, now)
                  .ifPresent(at -> deadlines.schedule(at, name, new ExchangeBoundary(obligation.key(), at)));
    }

    private DamageScale scaleFor(String district) {
        return district != null ? scaleByDistrict.get(district) : latestScale;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @CommandHandler
    public void handle(CloseParticipation command) {
        if (!closed) {
            apply(new ParticipationClosed(participationId, command.reason()));
        }
    }

    @CommandHandler
    public void handle(ReopenParticipation command, DeadlineManager deadlines) {
        if (closed) {
            apply(new ParticipationReopened(participationId, command.reason()));
            obligations.values().forEach(obligation -> planBoundary(obligation, deadlines));
        }
    }

    @CommandHandler
    public void handle(ResumeDeadlines command, DeadlineManager deadlines) {
        if (closed) {
            return;
        }
        Instant now = GenericEventMessage.clock.instant();
        tasks.forEach((id, task) -> {
            if (task.open() && task.dueAt().isAfter(now)) {
                deadlines.cancelAllWithinScope(TASK_DUE + id);
                deadlines.schedule(task.dueAt(), TASK_DUE + id, new TaskDue(id));
            }
        });
        obligations.values().forEach(obligation -> planBoundary(obligation, deadlines));
    }

    @CommandHandler
    public void handle(PostReport command, DeadlineManager deadlines) {
        mustBeOpenForPosting();
        post(command.reportId(), command.content(), command.facts(), deadlines);
    }

    /** All or none: a refusal of any report refuses the lot, as one command records nothing. */
    @CommandHandler
    public void handle(PostReports command, DeadlineManager deadlines) {
        mustBeOpenForPosting();
        for (int i = 0; i < command.reports().size(); i++) {
            PostReports.Report report = command.reports().get(i);
            try {
                post(report.reportId(), report.content(), report.facts(), deadlines);
            } catch (RuleViolation refusal) {
                throw refusal.within("reports[" + i + "]");
            }
        }
    }

    private void post(ReportId id, ReportContent content, ReportFacts facts, DeadlineManager deadlines) {
        observationMustBelongToThisIncident(facts.observedAt());
        correctionMustNameAnEarlierReportOfTheSameKind(content, facts);
        ReportType type = content.reportType();
        int number = reportsPerType.getOrDefault(type, 0) + 1;
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
        completeTasksFulfilledBy(Completion.byReport(type), Fulfilment.report(id), deadlines);
    }

    @CommandHandler
    public void handle(ConfirmReport command) {
        Boolean unconfirmed = unconfirmedReports.get(command.reportId());
        if (unconfirmed == null) {
            throw RuleViolation.notFound("report-not-found", "your organisation has no report " + command.reportId());
        }
        if (unconfirmed) {
            apply(new ReportConfirmed(participationId, command.reportId(), command.note()));
        }
    }

    /** Something recorded outside this aggregate (a damage-scale judgement, information shared) completes tasks. */
    @CommandHandler
    public void handle(RecordFulfilment command, DeadlineManager deadlines) {
        completeTasksFulfilledBy(command.completion(), command.fulfilment(), deadlines);
    }

    /** A report or exchange of the kind a task names completes it, late or not, with a link to what did. */
    private void completeTasksFulfilledBy(Completion completion, Fulfilment fulfilment, DeadlineManager deadlines) {
        List<TaskId> fulfilled = tasks.entrySet().stream()
                                      .filter(entry -> entry.getValue().open())
                                      .filter(entry -> completion.equals(entry.getValue().completedBy()))
                                      .map(Map.Entry::getKey)
                                      .toList();
        fulfilled.forEach(task -> complete(task, fulfilment, null, deadlines));
    }

    private void complete(TaskId taskId, Fulfilment fulfilment, String note, DeadlineManager deadlines) {
        Instant dueAt = tasks.get(taskId).dueAt();
        boolean late = GenericEventMessage.clock.instant().isAfter(dueAt);
        apply(new TaskCompleted(participationId, taskId, fulfilment, note, dueAt, late));
        deadlines.cancelAllWithinScope(TASK_DUE + taskId);
    }

    private void mustBeOpen(TaskId taskId) {
        Task task = tasks.get(taskId);
        if (task == null) {
            throw RuleViolation.notFound("task-not-found", "your organisation has no task " + taskId);
        }
        if (!task.open()) {
            throw RuleViolation.conflict("task-closed", "task " + taskId + " is already completed, waived or "
                    + "handed over");
        }
    }

    private static void reasonMustBeGiven(String reason) {
        if (reason == null || reason.isBlank()) {
            throw RuleViolation.invalid("reason", "required", "say why: the review will read it");
        }
    }

    /** What is shared refers to this organisation's own reports in this incident: a report it can vouch for. */
    private void reportsMustBeOurOwn(List<ReportId> reports) {
        for (int i = 0; i < reports.size(); i++) {
            if (!reportTypes.containsKey(reports.get(i))) {
                throw RuleViolation.invalid("reports[" + i + "]", "own-report",
                                            "'" + reports.get(i) + "' is not a report your organisation made in "
                                                    + "this incident");
            }
        }
    }

    private void mustBeOpenForPosting() {
        if (closed) {
            throw RuleViolation.conflict("participation-closed",
                                         "the incident is closed or your organisation left it; nothing was recorded");
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
        if (organisationType != OrganisationType.CHAMBER_OF_COMMERCE
                && organisationType != OrganisationType.INDUSTRIAL_PARK) {
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

    /** Forecast hazards start their timelines days ahead of zero hour, but not months. */
    private void observationMustBelongToThisIncident(Instant observedAt) {
        if (observedAt.isBefore(zeroHour.minus(EARLIEST_OBSERVATION))) {
            throw RuleViolation.invalid("observedAt", "within-incident",
                                        "observedAt lies more than " + EARLIEST_OBSERVATION.toDays()
                                                + " days before the incident's zero hour");
        }
    }

    @EventSourcingHandler
    void on(ParticipationStarted event) {
        participationId = event.participationId();
        zeroHour = event.zeroHour();
        origin = event.obligationsOrigin();
        organisationType = event.organisationType();
        incidentKind = event.incidentKind();
        planVersion = event.planVersion();
    }

    @EventSourcingHandler
    void on(ParticipationClosed event) {
        closed = true;
    }

    @EventSourcingHandler
    void on(ParticipationReopened event) {
        closed = false;
    }

    @EventSourcingHandler
    void on(ParticipationEvent.Report report, @Timestamp Instant recordedAt) {
        remember(Completion.byReport(report.content().reportType()),
                 Fulfilment.report(report.reportId()), recordedAt);
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

    @EventSourcingHandler
    void on(TaskActivated event) {
        tasks.put(event.taskId(), new Task(event, true, false));
    }

    @EventSourcingHandler
    void on(TaskOverdue event) {
        tasks.computeIfPresent(event.taskId(), (id, task) -> task.wentOverdue());
    }

    @EventSourcingHandler
    void on(TaskCompleted event) {
        tasks.computeIfPresent(event.taskId(), (id, task) -> task.closed());
    }

    @EventSourcingHandler
    void on(TaskWaived event) {
        tasks.computeIfPresent(event.taskId(), (id, task) -> task.closed());
    }

    @EventSourcingHandler
    void on(TaskReassigned event) {
        tasks.computeIfPresent(event.taskId(), (id, task) -> task.closed());
    }

    @EventSourcingHandler
    void on(DamageScaleApplied event) {
        scaleByDistrict.put(event.district(), event.scale());
        latestScale = event.scale();
    }

    @EventSourcingHandler
    void on(ExchangeScheduled event) {
        obligations.computeIfAbsent(SharingObligation.key(event.agreementId(), event.recipient()),
                                    key -> new SharingObligation(event)).scheduled(event);
    }

    private void remember(Completion completion, Fulfilment fulfilment, Instant at) {
        if (!at.isBefore(zeroHour)) {
            doneSinceZeroHour.putIfAbsent(completion, new Done(fulfilment, at));
        }
    }

    @EventSourcingHandler
    void on(InformationShared event, @Timestamp Instant recordedAt) {
        remember(Completion.byExchange(event.topic()), new Fulfilment(Fulfilment.Kind.EXCHANGE, event.exchangeId()),
                 recordedAt);
        event.slotsMet().forEach(slot -> obligations.get(SharingObligation.key(slot.agreementId(), slot.recipient()))
                                                    .met(slot));
    }

    @EventSourcingHandler
    void on(InformationReceived event) {
        inbox.put(event.exchangeId(), new Received(event, false));
    }

    @EventSourcingHandler
    void on(InformationAcknowledged event) {
        inbox.computeIfPresent(event.exchangeId(), (id, received) -> new Received(received.receipt(), true));
    }

    @EventSourcingHandler
    void on(ExchangeDue event) {
        obligations.get(SharingObligation.key(event.agreementId(), event.recipient())).due(event.due());
    }

    @EventSourcingHandler
    void on(ExchangeMissed event) {
        obligations.get(SharingObligation.key(event.agreementId(), event.recipient())).missed(event.due());
    }

    @Override
    protected String aggregateIdentifier() {
        return participationId.toString();
    }
}
