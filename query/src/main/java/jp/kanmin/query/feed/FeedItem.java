package jp.kanmin.query.feed;

import jp.kanmin.query.timeline.TimelineEntry;

/** What a feed subscriber receives: timeline entries, or the notice that it fell behind. */
public sealed interface FeedItem {

    record Entry(TimelineEntry entry) implements FeedItem {
    }

    /** The subscriber did not keep up; it can resume after {@code lastDeliveredPosition} with Last-Event-ID. */
    record Lagging(long lastDeliveredPosition) implements FeedItem {
    }
}
