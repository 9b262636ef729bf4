package jp.kanmin.query.feed;

import java.util.List;

/** What a feed subscriber receives: timeline entries, a heartbeat, or the notice that it fell behind. */
public sealed interface FeedItem {

    /** Entries in timeline order, as many as were ready for the subscriber at once: its socket takes them together. */
    record Entries(List<SentEntry> sent) implements FeedItem {
    }

    /** Nothing new: a comment that keeps proxies from closing an idle stream. */
    record Heartbeat() implements FeedItem {
    }

    /** The subscriber did not keep up; it can resume after {@code lastDeliveredPosition} with Last-Event-ID. */
    record Lagging(long lastDeliveredPosition) implements FeedItem {
    }
}
