package jp.kanmin.query.timeline;

import jp.kanmin.shared.damage.DamageJudgementEvent;
import jp.kanmin.shared.incident.IncidentEvent;
import jp.kanmin.shared.participation.ParticipationEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns timeline entries back into the events they record, so that any read model can be computed "as of" an
 * instant by folding the entries recorded up to it with the same code that keeps it live.
 */
@Component
public class TimelineEvents {

    /** An event with the time it was recorded. */
    public record Recorded(Object event, Instant recordedAt, long position) {
    }

    /** A read model that is a fold of an incident's events. */
    public interface Fold {
        void apply(Object event, Instant recordedAt);
    }

    private final JsonMapper json;
    private final TimelineRepository timeline;
    private final Map<String, Class<?>> types;

    TimelineEvents(JsonMapper json, TimelineRepository timeline) {
        this.json = json;
        this.timeline = timeline;
        this.types = Stream.of(IncidentEvent.class, ParticipationEvent.class, DamageJudgementEvent.class,
                                     jp.kanmin.shared.support.SupportRequestEvent.class)
                           .flatMap(TimelineEvents::concreteEvents)
                           .collect(Collectors.toMap(Class::getSimpleName, Function.identity()));
    }

    private static Stream<Class<?>> concreteEvents(Class<?> type) {
        return type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()).flatMap(TimelineEvents::concreteEvents)
                               : Stream.of(type);
    }

    /** The names of every event that can appear on a timeline. */
    public java.util.Set<String> knownTypes() {
        return types.keySet();
    }

    /** The event class of an entry type, if it is one of {@link #knownTypes()}. */
    public Optional<Class<?>> eventType(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public Optional<Recorded> eventOf(TimelineEntry entry) {
        Class<?> type = types.get(entry.type());
        if (type == null) {
            return Optional.empty();
        }
        return Optional.of(new Recorded(json.convertValue(entry.payload(), type), entry.recordedAt(), entry.position()));
    }

    public List<Recorded> eventsOf(List<TimelineEntry> entries) {
        return entries.stream().map(this::eventOf).flatMap(Optional::stream).toList();
    }

    /** {@code empty} with the incident's events recorded up to {@code asOf} applied in timeline order. */
    public <B extends Fold> Mono<B> replay(String incidentId, Instant asOf, B empty) {
        // entry by entry: a million-event incident is folded without holding its timeline
        return timeline.entriesUpTo(incidentId, asOf)
                       .doOnNext(entry -> eventOf(entry).ifPresent(
                               recorded -> empty.apply(recorded.event(), recorded.recordedAt())))
                       .then(Mono.fromSupplier(() -> empty));
    }
}
