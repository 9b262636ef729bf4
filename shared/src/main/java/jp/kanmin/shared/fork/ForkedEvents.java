package jp.kanmin.shared.fork;

import jp.kanmin.shared.incident.IncidentEvent.ExerciseArchived;
import jp.kanmin.shared.incident.IncidentEvent.IncidentOpened;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.support.SupportRequestEvent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * 分岐訓練: how a past incident's events read in an exercise forked from it. Each event is rebuilt field by field by
 * type: the source's {@link IncidentId} becomes the fork's (inside compound ids too, which are records of it), every
 * {@link Instant} moves on by the shift so that the fork's present is the source's instant, a support request gets
 * an id of its own in the fork, and everything else (text, counts, durations, other incidents' ids) is kept as it
 * was. The fork is a new exercise opened by whoever forked it under its own title, and not archived with its source.
 */
public final class ForkedEvents {

    /** A record type's components and canonical constructor, looked up once: reflection is slow to ask each time. */
    private record Shape(String[] names, MethodHandle[] accessors, MethodHandle constructor) {
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> record) {
            RecordComponent[] components = record.getRecordComponents();
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            try {
                MethodHandle[] accessors = new MethodHandle[components.length];
                for (int i = 0; i < components.length; i++) {
                    accessors[i] = lookup.unreflect(components[i].getAccessor());
                }
                Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
                return new Shape(Arrays.stream(components).map(RecordComponent::getName).toArray(String[]::new),
                                 accessors, lookup.unreflectConstructor(record.getDeclaredConstructor(types))
                                                  .asSpreader(Object[].class, types.length));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot copy " + record.getName() + " into a fork", e);
            }
        }
    };

    private final IncidentId source;
    private final IncidentId fork;
    private final Duration shift;
    private final String title;
    private final OrganisationId forkedBy;

    /**
     * @param shift    how far the fork's times lie after the source's
     * @param title    the fork's own title
     * @param forkedBy who forked it: the fork's opener
     */
    public ForkedEvents(IncidentId source, IncidentId fork, Duration shift, String title, OrganisationId forkedBy) {
        this.source = source;
        this.fork = fork;
        this.shift = shift;
        this.title = title;
        this.forkedBy = forkedBy;
    }

    /** The event as the fork records it; none for an event the fork does not take. */
    public Optional<Object> copyOf(Object event) {
        return switch (event) {
            case ExerciseArchived archived -> Optional.empty();
            case IncidentOpened opened -> Optional.of(moved(new IncidentOpened(
                    opened.incidentId(), title, opened.kind(), opened.trigger(), opened.zeroHour(),
                    IncidentMode.EXERCISE, opened.coordinatingHq(), forkedBy, opened.planVersion(),
                    opened.obligationsFrom())));
            default -> Optional.of(moved(event));
        };
    }

    /** A support request's id in the fork: its own aggregate there, the same on every try of the same fork. */
    String supportRequestInFork(String supportRequestId) {
        return UUID.nameUUIDFromBytes((fork + "/" + supportRequestId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Object moved(Object value) {
        return switch (value) {
            case null -> null;
            case IncidentId id -> id.equals(source) ? fork : id;
            case Instant at -> at.plus(shift);
            case List<?> list -> list.stream().map(this::moved).toList();
            case Set<?> set -> set.stream().map(this::moved).collect(Collectors.toCollection(LinkedHashSet::new));
            case Record record -> rebuilt(record);
            default -> value;
        };
    }

    private Record rebuilt(Record record) {
        Shape shape = SHAPES.get(record.getClass());
        Object[] values = new Object[shape.names().length];
        try {
            for (int i = 0; i < values.length; i++) {
                Object value = shape.accessors()[i].invoke(record);
                values[i] = record instanceof SupportRequestEvent && shape.names()[i].equals("supportRequestId")
                        ? supportRequestInFork((String) value) : moved(value);
            }
            return (Record) shape.constructor().invoke(values);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot copy " + record.getClass().getName() + " into a fork", e);
        }
    }
}
