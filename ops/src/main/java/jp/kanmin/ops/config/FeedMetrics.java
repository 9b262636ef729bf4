package jp.kanmin.ops.config;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jp.kanmin.query.feed.IncidentFeeds;
import org.springframework.stereotype.Component;

/** What the live feeds hold on this node: a rising lagging count means screens or networks too slow for the feed. */
@Component
class FeedMetrics implements MeterBinder {

    private final IncidentFeeds feeds;

    FeedMetrics(IncidentFeeds feeds) {
        this.feeds = feeds;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("kanmin.feed.subscribers", feeds, IncidentFeeds::subscriberCount)
             .description("SSE and in-process subscribers of live feeds on this node")
             .register(registry);
        Gauge.builder("kanmin.feed.buffered.entries", feeds, IncidentFeeds::bufferedEntries)
             .description("timeline entries held in memory for live delivery on this node")
             .register(registry);
        FunctionCounter.builder("kanmin.feed.lagging", feeds, IncidentFeeds::laggingCount)
                       .description("subscribers disconnected for falling behind the live feed")
                       .register(registry);
    }
}
