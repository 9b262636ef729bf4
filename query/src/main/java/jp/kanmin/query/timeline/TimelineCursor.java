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
