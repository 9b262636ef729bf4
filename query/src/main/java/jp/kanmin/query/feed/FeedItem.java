package jp.kanmin.query.feed;

/** What a feed subscriber receives: timeline entries, or the notice that it fell behind. */
public sealed interface FeedItem {

    record Entry(SentEntry sent) implements FeedItem {

        public jp.kanmin.query.timeline.TimelineEntry entry() {
            return sent.entry();
        }
    }

    /** The subscriber did not keep up; it can resume after {@code lastDeliveredPosition} with Last-Event-ID. */
    record Lagging(long lastDeliveredPosition) implements FeedItem {
    }
}
