package jp.kanmin.query.timeline;

import jp.kanmin.query.timeline.TimelineEntry.Facets;
import jp.kanmin.shared.damage.DamageJudgementEvent;
import jp.kanmin.shared.incident.IncidentScoped;
import jp.kanmin.shared.participation.ParticipationEvent;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeDue;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeMissed;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeScheduled;
import jp.kanmin.shared.participation.ParticipationEvent.InformationAcknowledged;
import jp.kanmin.shared.participation.ParticipationEvent.InformationReceived;
import jp.kanmin.shared.participation.ParticipationEvent.InformationShared;
import jp.kanmin.shared.participation.ParticipationEvent.TaskActivated;
import jp.kanmin.shared.participation.ParticipationEvent.TaskCompleted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskOverdue;
import jp.kanmin.shared.participation.ParticipationEvent.TaskReassigned;
import jp.kanmin.shared.participation.ParticipationEvent.TaskStarted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskWaived;
import jp.kanmin.shared.plan.TaskId;
import jp.kanmin.shared.support.SupportRequestEvent;
import jp.kanmin.shared.support.SupportRequestEvent.SupportRequested;
import jp.kanmin.query.support.ReadModelMemory;
import jp.kanmin.shared.incident.IncidentEvent;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRegistered;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Works out, when an entry is recorded, what feeds filter it by: the organisation's type, the tier of the task it is
 * about, its topic, and every organisation it concerns. Later events of a task or a support request name less than
 * the first one did, so the projection remembers tiers and request parties in two small collections of its own.
 */
@Component
class TimelineFacets implements ReadModelMemory {

    static final String TIERS = "timeline_task_tiers";
    static final String SUPPORT_PARTIES = "timeline_support_parties";
    static final String MODES = "timeline_incident_modes";

    private final MongoTemplate mongo;
    private final EventStore events;
    private final Map<String, String> types = new ConcurrentHashMap<>();
    /** Each incident's mode (REAL, EXERCISE) or DELETED. */
    private final Map<String, String> exercises = new ConcurrentHashMap<>();
    private static final String DELETED = "DELETED";

    TimelineFacets(MongoTemplate mongo, EventStore events) {
        this.mongo = mongo;
        this.events = events;
    }

    Facets of(IncidentScoped event, String organisationId, Map<String, Object> payload) {
        return new Facets(organisationId == null ? null : typeOf(organisationId), tierOf(event),
                          payload.get("topic") instanceof String topic ? topic : null,
                          List.copyOf(concerns(event, organisationId)));
    }

    /**
     * From the organisation's registration, the first event of its stream, read from the event store: that is always
     * there before anything the organisation does. Not from the directory's read model, which another processor
     * writes, and which on a restored or rebuilt store may not have got there yet; nor from a registration this
     * processor handled, which may be on another segment's thread.
     */
    private String typeOf(String organisationId) {
        return types.computeIfAbsent(organisationId, id -> {
            DomainEventStream stream = events.readEvents(id, 0);
            return stream.hasNext() && stream.next().getPayload() instanceof OrganisationRegistered registered
                    ? registered.type().name() // an organisation's type never changes
                    : null;
        });
    }

    private Integer tierOf(IncidentScoped event) {
        if (event instanceof TaskActivated activated) {
            mongo.save(new Document("_id", taskKey(activated, activated.taskId())).append("tier", activated.tier()),
                       TIERS);
            return activated.tier();
        }
        TaskId task = switch (event) {
            case TaskStarted e -> e.taskId();
            case TaskCompleted e -> e.taskId();
            case TaskWaived e -> e.taskId();
            case TaskReassigned e -> e.taskId();
            case TaskOverdue e -> e.taskId();
            case ParticipationEvent.TaskEscalated e -> e.taskId();
            default -> null;
        };
        if (task == null) {
            return null;
        }
        Document tier = mongo.findById(taskKey((ParticipationEvent) event, task), Document.class, TIERS);
        return tier == null ? null : tier.getInteger("tier");
    }

    private static String taskKey(ParticipationEvent event, TaskId task) {
        return event.participationId() + "|" + task;
    }

    private Set<String> concerns(IncidentScoped event, String organisationId) {
        Set<String> concerns = new LinkedHashSet<>();
        if (organisationId != null) {
            concerns.add(organisationId);
        }
        switch (event) {
            case InformationShared e -> e.recipients().forEach(r -> concerns.add(r.value()));
            case InformationReceived e -> concerns.add(e.from().value());
            case InformationAcknowledged e -> concerns.add(e.from().value());
            case ExchangeScheduled e -> concerns.add(e.recipient().value());
            case ExchangeDue e -> concerns.add(e.recipient().value());
            case ExchangeMissed e -> concerns.add(e.recipient().value());
            case ParticipationEvent.ExchangeEscalated e -> {
                concerns.add(e.recipient().value());
                e.to().forEach(to -> concerns.add(to.value()));
            }
            case TaskReassigned e -> concerns.add(e.to().value());
            case ParticipationEvent.TaskEscalated e -> e.to().forEach(to -> concerns.add(to.value()));
            case DamageJudgementEvent.DamageScaleProposed e -> {
                concerns.add(e.judgementId().surveyor().value());
                concerns.add(e.proposedBy().value());
            }
            case DamageJudgementEvent.DamageScaleDeclared e -> {
                concerns.add(e.chamber().value());
                concerns.add(e.municipality().value());
            }
            case SupportRequested e -> {
                List<String> parties = new java.util.ArrayList<>(List.of(e.by().value()));
                e.addressees().forEach(a -> parties.add(a.value()));
                mongo.save(new Document("_id", e.supportRequestId()).append("parties", parties), SUPPORT_PARTIES);
                concerns.addAll(parties);
            }
            case SupportRequestEvent e -> {
                Document parties = mongo.findById(e.supportRequestId(), Document.class, SUPPORT_PARTIES);
                if (parties != null) {
                    concerns.addAll(parties.getList("parties", String.class));
                }
            }
            default -> {
            }
        }
        return concerns;
    }

    /** Whether the event's incident is an exercise: learnt from its opening, the first entry of every timeline. */
    boolean isExercise(IncidentScoped event) {
        if (event instanceof IncidentEvent.IncidentOpened opened) {
            remember(opened.incidentId().value(), opened.mode().name());
        }
        return !IncidentMode.REAL.name().equals(modeOf(event));
    }

    /**
     * A deleted exercise's timeline is gone; what its organisations' aggregates record after the deletion (their
     * participations closing) must not start a new one.
     */
    boolean isDeleted(IncidentScoped event) {
        return DELETED.equals(modeOf(event));
    }

    void deleted(IncidentScoped event) {
        remember(event.incidentId().value(), DELETED);
    }

    private void remember(String incident, String mode) {
        mongo.save(new Document("_id", incident).append("mode", mode), MODES);
        exercises.put(incident, mode);
    }

    private String modeOf(IncidentScoped event) {
        return exercises.computeIfAbsent(event.incidentId().value(), id -> {
            Document mode = mongo.findById(id, Document.class, MODES);
            return mode == null ? IncidentMode.REAL.name() : mode.getString("mode");
        });
    }

    @Override
    public void forget() {
        exercises.clear();
    }

    void reset() {
        mongo.dropCollection(MODES);
        mongo.dropCollection(TIERS);
        mongo.dropCollection(SUPPORT_PARTIES);
        types.clear();
        exercises.clear();
    }
}
