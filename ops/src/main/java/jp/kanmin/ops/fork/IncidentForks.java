package jp.kanmin.ops.fork;

import jp.kanmin.query.timeline.TimelineEntry;
import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.query.timeline.TimelineRepository;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.damage.DamageJudgementEvent;
import jp.kanmin.shared.fork.ForkedEvents;
import jp.kanmin.shared.incident.IncidentEvent;
import jp.kanmin.shared.incident.IncidentEvent.IncidentForked;
import jp.kanmin.shared.incident.IncidentEvent.IncidentOpened;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationCommands.ResumeDeadlines;
import jp.kanmin.shared.participation.ParticipationEvent;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.support.SupportRequestEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 分岐訓練: a new EXERCISE incident that starts from an instant of a past incident, so a workshop can rehearse a
 * different decision from that moment. The source's events up to then are copied into the fork's own aggregates as
 * {@link ForkedEvents} reads them in the fork (its ids, times moved on so that the fork's present is the source's
 * instant); the copies say which original they are, so process managers leave them be. The source is only read.
 * <p>
 * A fork streams: the source's timeline is read a page at a time and copied a commit at a time, so a million-event
 * incident forks in the heap of a small one. A fork that died midway (a node stopped, the store away) is finished by
 * the retried request: the copies come out the same on every try (same order, ids and aggregate sequences, and the
 * first try's time shift, read back from the fork's opening), the copies already stored are a prefix of them (each
 * commit is atomic), and the fork is marked done ({@code IncidentForked}) only after its last copy.
 */
@Component
public class IncidentForks {

    private static final Logger logger = LoggerFactory.getLogger(IncidentForks.class);
    private static final int BATCH = 1_000;

    private final TimelineRepository timeline;
    private final TimelineEvents events;
    private final EventStore store;
    private final CommandGateway commands;
    private final Clock clock;
    private final int batch;

    @Autowired
    IncidentForks(TimelineRepository timeline, TimelineEvents events, @Qualifier("eventStore") EventStore store,
                  CommandGateway commands, Clock clock) {
        this(timeline, events, store, commands, clock, BATCH);
    }

    IncidentForks(TimelineRepository timeline, TimelineEvents events, EventStore store, CommandGateway commands,
                  Clock clock, int batch) {
        this.timeline = timeline;
        this.events = events;
        this.store = store;
        this.commands = commands;
        this.clock = clock;
        this.batch = batch;
    }

    /** @param created false when {@code fork} existed already (a retried request) */
    public record Forked(String incidentId, String source, Instant asOf, Duration shift, int eventsCopied,
                         boolean created) {
    }

    public Mono<Forked> fork(IncidentId source, Instant asOf, IncidentId fork, String title, OrganisationId by) {
        return Mono.fromCallable(() -> copy(source, asOf, fork, title, by)).subscribeOn(Schedulers.boundedElastic());
    }

    private Forked copy(IncidentId source, Instant asOf, IncidentId fork, String title, OrganisationId by) {
        List<? extends DomainEventMessage<?>> forkIncident = store.readEvents(fork.value()).asStream().toList();
        if (forkIncident.stream().anyMatch(event -> event.getPayload() instanceof IncidentForked)) {
            return new Forked(fork.value(), source.value(), asOf, null, 0, false);
        }
        boolean resuming = !forkIncident.isEmpty();
        Duration shift = resuming ? shiftOf(source, forkIncident.getFirst()) : Duration.between(asOf, clock.instant());
        ForkedEvents inFork = new ForkedEvents(source, fork, shift, title, by);
        Map<String, Long> sequences = new HashMap<>();
        Set<ParticipationId> participations = new LinkedHashSet<>();
        List<DomainEventMessage<?>> copies = new ArrayList<>(batch);
        int copied = 0;
        for (TimelineEntry entry : timeline.entriesUpTo(source.value(), asOf).toIterable(batch)) {
            Object copy = events.eventOf(entry).map(TimelineEvents.Recorded::event).flatMap(inFork::copyOf)
                                .orElse(null);
            if (copy == null) {
                continue;
            }
            if (copy instanceof ParticipationEvent.ParticipationStarted started) {
                participations.add(started.participationId());
            }
            MetaData metaData = MetaData.with(MessageMetadata.FORKED_FROM, entry.position());
            if (entry.actor() != null) {
                metaData = metaData.and(MessageMetadata.ACTOR, entry.actor());
            }
            copies.add(message(copy, sequences, metaData, entry.recordedAt().plus(shift)));
            copied++;
            if (copies.size() == batch) {
                resuming = append(copies, resuming);
            }
        }
        append(copies, resuming);
        for (ParticipationId participation : participations) {
            commands.sendAndWait(new ResumeDeadlines(participation), MetaData.with(MessageMetadata.ACTOR, by.value()));
        }
        store.publish(message(new IncidentForked(fork, source, asOf, shift, by), sequences,
                              MetaData.with(MessageMetadata.ACTOR, by.value()), clock.instant()));
        logger.info("Forked incident {} as of {} into exercise {}: {} events copied, times moved on by {}{}", source,
                    asOf, fork, copied, shift, forkIncident.isEmpty() ? "" : " (finishing a fork that stopped midway)");
        return new Forked(fork.value(), source.value(), asOf, shift, copied, true);
    }

    /**
     * Appends one commit of copies; while resuming, without those a try before stored (a prefix of all copies, so
     * each aggregate's stored copies are those up to its last stored sequence). Answers whether still resuming.
     */
    private boolean append(List<DomainEventMessage<?>> copies, boolean resuming) {
        List<DomainEventMessage<?>> missing = copies;
        if (resuming) {
            Map<String, Long> stored = new HashMap<>();
            missing = copies.stream().filter(copy -> copy.getSequenceNumber() > stored.computeIfAbsent(
                    copy.getAggregateIdentifier(), aggregate -> store.lastSequenceNumberFor(aggregate).orElse(-1L)))
                            .toList();
        }
        if (!missing.isEmpty()) {
            store.publish(missing);
        }
        boolean stillResuming = resuming && missing.size() < copies.size();
        copies.clear();
        return stillResuming;
    }

    /** The time shift of the try that opened the fork: its zero hour against the source's. */
    private Duration shiftOf(IncidentId source, DomainEventMessage<?> forkOpening) {
        DomainEventMessage<?> sourceOpening = store.readEvents(source.value()).next();
        if (forkOpening.getPayload() instanceof IncidentOpened forked
            && sourceOpening.getPayload() instanceof IncidentOpened original
            && forked.zeroHour() != null && original.zeroHour() != null) {
            return Duration.between(original.zeroHour(), forked.zeroHour());
        }
        return Duration.between(sourceOpening.getTimestamp(), forkOpening.getTimestamp());
    }

    private static DomainEventMessage<?> message(Object event, Map<String, Long> sequences, MetaData metaData,
                                                 Instant timestamp) {
        String[] aggregate = aggregateOf(event);
        long sequence = sequences.merge(aggregate[1], 0L, (last, ignored) -> last + 1);
        return new GenericDomainEventMessage<>(aggregate[0], aggregate[1], sequence, event, metaData,
                                               IdentifierFactory.getInstance().generateIdentifier(), timestamp);
    }

    /** The aggregate type and identifier an incident-scoped event belongs to, as the command side stores them. */
    private static String[] aggregateOf(Object event) {
        return switch (event) {
            case IncidentEvent e -> new String[]{"Incident", e.incidentId().value()};
            case ParticipationEvent e -> new String[]{"Participation", e.participationId().toString()};
            case SupportRequestEvent e -> new String[]{"SupportRequest", e.supportRequestId()};
            case DamageJudgementEvent e -> new String[]{"DamageJudgement", e.judgementId().toString()};
            default -> throw new IllegalStateException("not an incident's event: " + event.getClass());
        };
    }
}
