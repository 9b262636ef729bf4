package jp.kanmin.query.feed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Live feeds.
 *
 * @param ringSize     newest entries kept in memory per incident; a subscriber further behind than this is
 *                     disconnected with a notice (and resumes with Last-Event-ID)
 * @param pollInterval how often a node looks for entries that another node's projection wrote
 * @param heartbeat    interval of SSE comments that keep proxies from closing an idle stream
 * @param laggingGrace how long a lagging subscriber's notice waits to be read before the stream is closed anyway
 * @param gather       how long entries recorded on this node are gathered before they go to the subscribers: a
 *                     thousand screens then take one write per gathering instead of one per entry
 */
@ConfigurationProperties("kanmin.feed")
public record FeedProperties(@DefaultValue("1000") int ringSize,
                             @DefaultValue("250ms") Duration pollInterval,
                             @DefaultValue("15s") Duration heartbeat,
                             @DefaultValue("10s") Duration laggingGrace,
                             @DefaultValue("20ms") Duration gather) {
}
