package jp.kanmin.query.timeline;

import jp.kanmin.shared.RuleViolation;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Turns a client's "after this position" into a place on one incident's timeline. */
@Component
public class TimelineCursor {

    private final TimelineRepository timeline;

    TimelineCursor(TimelineRepository timeline) {
        this.timeline = timeline;
    }

    /**
     * Where a stream resumes: the SSE {@code Last-Event-ID} a reconnecting browser sends, else {@code ?after=}, else
     * the start (0).
     */
    public static long resumePoint(String lastEventId, Long after) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                return Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                throw RuleViolation.invalid("Last-Event-ID", "position", "Last-Event-ID must be the position of an entry");
            }
        }
        return after == null ? 0 : after;
    }

    /** The seq of the entry at {@code position}; 0 (the start) when no position is given. */
    public Mono<Long> seqAfter(String incidentId, Long position, String field) {
        if (position == null || position == 0) {
            return Mono.just(0L);
        }
        return timeline.at(position)
                       .filter(entry -> entry.incidentId().equals(incidentId))
                       .map(TimelineEntry::seq)
                       .switchIfEmpty(Mono.error(() -> RuleViolation.invalid(
                               field, "known-position",
                               field + " must be the position of an entry on this incident's timeline")));
    }
}
