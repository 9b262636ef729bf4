package jp.kanmin.query.notification;

import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.damage.DamageJudgementEvent;
import jp.kanmin.shared.incident.IncidentEvent;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.incident.IncidentScoped;
import jp.kanmin.shared.notification.NotificationChannel;
import jp.kanmin.shared.notification.NotificationKind;
import jp.kanmin.shared.notification.NotificationRuleEvent.NotificationRuleRemoved;
import jp.kanmin.shared.notification.NotificationRuleEvent.NotificationRuleSet;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent;
import jp.kanmin.shared.participation.ParticipationEvent.TaskActivated;
import jp.kanmin.shared.participation.ParticipationEvent.TaskOverdue;
import jp.kanmin.shared.plan.LocalizedText;
import jp.kanmin.shared.support.SupportRequestEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Queues a notification for each rule that asks for an entry, on its own processor (one segment, so an incident's
 * opening and joinings are known before what happens in it). It keeps what it needs to decide: each organisation's
 * rules, each incident's title, mode and participants, and the titles of tasks. Copied history (a fork) tells nobody,
 * and the processor starts at the head of the store: history is not news.
 */
@Component
@ProcessingGroup(NotificationProjection.GROUP)
class NotificationProjection {

    static final String GROUP = "notifications";
    static final String RULES = "notification_rules";
    static final String INCIDENTS = "notification_incidents";
    static final String TASK_TITLES = "notification_task_titles";

    private final MongoTemplate mongo;
    private final Deliveries deliveries;
    private final DeliveryWorker worker;
    private final EventStore events;
    private final Clock clock;

    NotificationProjection(MongoTemplate mongo, Deliveries deliveries, DeliveryWorker worker, EventStore events,
                           Clock clock) {
        this.mongo = mongo;
        this.deliveries = deliveries;
        this.worker = worker;
        this.events = events;
        this.clock = clock;
    }

    @EventHandler
    void on(NotificationRuleSet rule) {
        Document stored = new Document("kinds", rule.kinds().stream().map(Enum::name).sorted().toList())
                .append("incidents", rule.incidents().stream().map(Object::toString).toList())
                .append("channel", rule.channel().name()).append("address", rule.address())
                .append("language", rule.language());
        mongo.upsert(query(where("_id").is(rule.organisationId().value())),
                     new Update().set("rules." + rule.ruleId(), stored), RULES);
    }

    @EventHandler
    void on(NotificationRuleRemoved rule) {
        mongo.updateFirst(query(where("_id").is(rule.organisationId().value())),
                          new Update().unset("rules." + rule.ruleId()), RULES);
    }

    @EventHandler
    void on(IncidentEvent.IncidentOpened opened) {
        // an exercise's mode and participants bound who hears of it
        mongo.upsert(query(where("_id").is(opened.incidentId().value())),
                     new Update().set("title", opened.title())
                                 .set("exercise", opened.mode() != IncidentMode.REAL)
                                 .addToSet("participants", opened.coordinatingHq().value()), INCIDENTS);
    }

    @EventHandler
    void on(IncidentEvent.ParticipantJoined joined) {
        participants(joined.incidentId().value(),
                     new Update().addToSet("participants", joined.organisationId().value()));
    }

    @EventHandler
    void on(IncidentEvent.ParticipantLeft left) {
        participants(left.incidentId().value(), new Update().pull("participants", left.organisationId().value()));
    }

    @EventHandler
    void on(IncidentEvent.CoordinatingHqChanged changed) {
        participants(changed.incidentId().value(),
                     new Update().addToSet("participants", changed.coordinatingHq().value()));
    }

    @EventHandler
    void on(TaskActivated activated) {
        mongo.save(new Document("_id", activated.participationId() + "|" + activated.taskId().value())
                           .append("ja", activated.title().ja()).append("en", activated.title().en()), TASK_TITLES);
    }

    // the entries that tell someone (Notice), each named, so that the read-model map says which ones change the log

    @EventHandler
    void on(TaskOverdue event, EventMessage<?> message) {
        notify(event, message);
    }

    @EventHandler
    void on(ParticipationEvent.TaskEscalated event, EventMessage<?> message) {
        notify(event, message);
    }

    @EventHandler
    void on(ParticipationEvent.ExchangeEscalated event, EventMessage<?> message) {
        notify(event, message);
    }

    @EventHandler
    void on(ParticipationEvent.ExchangeDue event, EventMessage<?> message) {
        notify(event, message);
    }

    @EventHandler
    void on(ParticipationEvent.ExchangeMissed event, EventMessage<?> message) {
        notify(event, message);
    }

    @EventHandler
    void on(ParticipationEvent.InformationShared event, EventMessage<?> message) {
        notify(event, message);
    }

    @EventHandler
    void on(SupportRequestEvent.SupportRequested event, EventMessage<?> message) {
        notify(event, message);
    }

    @EventHandler
    void on(DamageJudgementEvent.DamageScaleDeclared event, EventMessage<?> message) {
        notify(event, message);
    }

    @EventHandler
    void on(IncidentEvent.InjectDelivered event, EventMessage<?> message) {
        notify(event, message);
    }

    private void notify(IncidentScoped event, EventMessage<?> message) {
        if (message.getMetaData().containsKey(MessageMetadata.FORKED_FROM)) {
            return;
        }
        Notice notice = Notice.of(event, this::titleOf);
        if (notice == null) {
            return;
        }
        Document incident = incident(event.incidentId().value());
        if (incident == null) {
            return;
        }
        // an exercise never reaches anyone outside it, nor does a real incident
        Set<String> participants = Set.copyOf(incident.getList("participants", String.class, List.of()));
        List<String> recipients = notice.recipients() == null ? List.copyOf(participants)
                : notice.recipients().stream().map(OrganisationId::value).filter(participants::contains).toList();
        if (recipients.isEmpty()) {
            return;
        }
        boolean exercise = incident.getBoolean("exercise", false);
        String title = incident.getString("title");
        for (Document rules : mongo.find(query(where("_id").in(recipients)), Document.class, RULES)) {
            String organisation = rules.getString("_id");
            Document byId = rules.get("rules", Document.class);
            if (byId == null) {
                continue;
            }
            byId.forEach((ruleId, value) -> {
                Document rule = (Document) value;
                if (asks(rule, notice.kind(), event.incidentId().value())) {
                    deliveries.enqueue(delivery(message, event, notice, organisation, ruleId, rule, title, exercise));
                    worker.wake();
                }
            });
        }
    }

    private static boolean asks(Document rule, NotificationKind kind, String incident) {
        List<String> incidents = rule.getList("incidents", String.class, List.of());
        return rule.getList("kinds", String.class, List.of()).contains(kind.name())
               && (incidents.isEmpty() || incidents.contains(incident));
    }

    private Delivery delivery(EventMessage<?> message, IncidentScoped event, Notice notice, String organisation,
                              String ruleId, Document rule, String title, boolean exercise) {
        String language = rule.getString("language");
        String subject = notice.subject(language, title, exercise);
        String text = notice.line(language, exercise);
        String id = message.getIdentifier() + "|" + organisation + "|" + ruleId;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("kind", notice.kind().name());
        body.put("incidentId", event.incidentId().value());
        body.put("incidentTitle", title);
        body.put("exercise", exercise);
        body.put("organisationId", organisation);
        body.put("subject", subject);
        body.put("text", text);
        body.put("entryType", event.getClass().getSimpleName());
        body.put("recordedAt", message.getTimestamp().toString());
        return Delivery.queued(id, organisation, ruleId, event.incidentId().value(), notice.kind(),
                               NotificationChannel.valueOf(rule.getString("channel")), rule.getString("address"),
                               language, exercise, subject, text, body, clock.instant());
    }

    private LocalizedText titleOf(TaskOverdue overdue) {
        Document title = mongo.findById(overdue.participationId() + "|" + overdue.taskId().value(), Document.class,
                                        TASK_TITLES);
        return title == null ? null : new LocalizedText(title.getString("ja"), title.getString("en"));
    }

    private void participants(String incident, Update update) {
        if (incident(incident) != null) {
            mongo.updateFirst(query(where("_id").is(incident)), update, INCIDENTS);
        }
    }

    /**
     * What this processor knows of an incident; one opened before the processor began (it starts at the head of the
     * store) is read once from the incident's own events.
     */
    private Document incident(String incidentId) {
        Document known = mongo.findById(incidentId, Document.class, INCIDENTS);
        if (known != null) {
            return known;
        }
        Document learnt = null;
        var stream = events.readEvents(incidentId);
        Set<String> participants = new java.util.LinkedHashSet<>();
        while (stream.hasNext()) {
            switch (stream.next().getPayload()) {
                case IncidentEvent.IncidentOpened opened -> {
                    learnt = new Document("_id", incidentId).append("title", opened.title())
                                                            .append("exercise", opened.mode() != IncidentMode.REAL);
                    participants.add(opened.coordinatingHq().value());
                }
                case IncidentEvent.ParticipantJoined joined -> participants.add(joined.organisationId().value());
                case IncidentEvent.ParticipantLeft left -> participants.remove(left.organisationId().value());
                case IncidentEvent.CoordinatingHqChanged changed -> participants.add(changed.coordinatingHq().value());
                default -> {
                }
            }
        }
        if (learnt == null) {
            return null;
        }
        learnt.append("participants", List.copyOf(participants));
        mongo.save(learnt, INCIDENTS);
        return learnt;
    }
}
