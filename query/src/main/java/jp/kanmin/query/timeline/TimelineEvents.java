package jp.kanmin.query.timeline;

import jp.kanmin.shared.incident.IncidentEvent;
import jp.kanmin.shared.participation.ParticipationEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

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

    private final JsonMapper json;
    private final Map<String, Class<?>> types;

    TimelineEvents(JsonMapper json) {
        this.json = json;
        this.types = Stream.of(IncidentEvent.class, ParticipationEvent.class)
                           .flatMap(sealed -> Arrays.stream(sealed.getPermittedSubclasses()))
                           .collect(Collectors.toMap(Class::getSimpleName, Function.identity()));
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
}
