package jp.kanmin.query.timeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of an incident's timeline.
 *
 * @param position       the event's global index in the store; the SSE id and the resume point of every feed
 * @param seq            the entry's place on this incident's timeline (1, 2, 3, … without gaps): the order in which
 *                       the system learned of the entries, which is the order feeds deliver them
 * @param recordedAt     when the system recorded the event ("what did the HQ know at 14:00")
 * @param organisationId the organisation the entry is from or about
 * @param actor          the organisation whose request caused it
 * @param type           the event's name, e.g. {@code StaffSafetyReported}
 * @param category       a coarse grouping for filters: incident, report, task, exchange, …
 * @param payload        the event as JSON
 * @param facets         what feeds filter by, worked out when the entry was recorded
 * @param exercise       the incident is a workshop exercise (訓練), not a real one: every entry says so
 */
@Document("timeline")
public record TimelineEntry(@Id long position,
                            String incidentId,
                            long seq,
                            @JsonIgnore String slot,
                            Instant recordedAt,
                            String organisationId,
                            String actor,
                            String type,
                            String category,
                            Map<String, Object> payload,
                            Facets facets,
                            boolean exercise) {

    /**
     * @param organisationType the type of the organisation the entry is from or about
     * @param tier             the tier of the task it is about (1–3), if it is about a task
     * @param topic            the exchange topic it is about, if any
     * @param concerns         every organisation it is addressed to or about (「自分に関係するもの」)
     */
    public record Facets(String organisationType, Integer tier, String topic, java.util.List<String> concerns) {
        public static final Facets NONE = new Facets(null, null, null, java.util.List.of());
    }

    public Facets facets() {
        return facets == null ? Facets.NONE : facets;
    }

    static String slot(String incidentId, long seq) {
        return incidentId + "#" + seq;
    }

    /** The entry as {@code reader} may see it. */
    public TimelineEntry shownTo(jp.kanmin.query.incident.Disclosure.Reader reader) {
        Map<String, Object> shown = reader.payloadOf(type, organisationId, payload);
        return shown == payload ? this : new TimelineEntry(position, incidentId, seq, slot, recordedAt, organisationId,
                                                           actor, type, category, shown, facets, exercise);
    }

    TimelineEntry atSeq(long seq) {
        return new TimelineEntry(position, incidentId, seq, slot(incidentId, seq), recordedAt, organisationId, actor,
                                 type, category, payload, facets, exercise);
    }
}
