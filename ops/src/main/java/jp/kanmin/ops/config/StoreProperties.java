package jp.kanmin.ops.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where and how events are stored.
 *
 * @param uri           a MongoDB connection string; empty starts the embedded store ({@code KANMIN_MONGO_URI})
 * @param database      the database holding events, tokens and read models
 * @param dataDir       the embedded store's directory
 * @param writeConcern  {@code majority} (default) or a number of members; appends wait for it, with the journal
 * @param readConcern   {@code majority} (default) or {@code local}: what tracking reads may see
 * @param gapTimeout    how long a reader waits for an allocated index before fencing it; far above any commit delay
 * @param gapHoldBack   how long a reader waits at an index still in flight before handing out the events after it,
 *                      so that processors see events in index order (as a rebuild does)
 * @param fetchDelay    how often an idle event stream asks the store for events written by other nodes
 * @param claimTimeout  after this long without a heartbeat a processor segment may be claimed by another node
 * @param batchSize     events per store read
 * @param serverSelectionTimeout how long an operation waits for a reachable store before it fails: a command then
 *                      gets 503 with Retry-After instead of hanging while the store is away
 */
@ConfigurationProperties("kanmin.store")
public record StoreProperties(String uri,
                              @DefaultValue("kanmin") String database,
                              @DefaultValue("./data") String dataDir,
                              @DefaultValue("majority") String writeConcern,
                              @DefaultValue("majority") String readConcern,
                              @DefaultValue("60s") Duration gapTimeout,
                              @DefaultValue("2s") Duration gapHoldBack,
                              @DefaultValue("200ms") Duration fetchDelay,
                              @DefaultValue("10s") Duration claimTimeout,
                              @DefaultValue("100") int batchSize,
                              @DefaultValue("5s") Duration serverSelectionTimeout) {
}
