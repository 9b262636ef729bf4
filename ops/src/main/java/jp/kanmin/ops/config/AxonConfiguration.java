package jp.kanmin.ops.config;

import com.mongodb.ReadConcern;
import com.mongodb.ReadConcernLevel;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jp.kanmin.query.support.IncidentBooks;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.ops.deadline.MongoDeadlineManager;
import jp.kanmin.ops.eventstore.EventsAvailable;
import jp.kanmin.ops.eventstore.IndexedMongoEventStorageEngine;
import jp.kanmin.shared.incident.IncidentScoped;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Axon on MongoDB: our gap-free event storage engine, axon-mongo's token store, Jackson 3 messages, and commands
 * retried when they lose an optimistic-concurrency race.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    @Bean
    NodeIdentity nodeIdentity() {
        return NodeIdentity.generate();
    }

    /**
     * Event timestamps come from Axon's own clock, which is set to the application's (see {@link MillisecondTime}),
     * so that tests that move time move everything together.
     */
    @Bean
    org.springframework.beans.factory.InitializingBean eventTimestampsFollowTheClock(Clock clock) {
        return () -> org.axonframework.eventhandling.GenericEventMessage.clock = clock;
    }

    /** Deadlines in MongoDB, so that they survive restarts and fire once across nodes (see MongoDeadlineManager). */
    @Bean
    MongoDeadlineManager deadlineManager(MongoClient mongoClient, StoreProperties store, Configuration configuration,
                                         Serializer serializer, Clock clock, NodeIdentity node, MeterRegistry meters,
                                         @org.springframework.beans.factory.annotation.Value(
                                                 "${kanmin.deadlines.poll-interval:1s}") java.time.Duration poll,
                                         LogContext logContext) {
        MongoDeadlineManager deadlines = new MongoDeadlineManager(
                mongoClient.getDatabase(store.database()),
                new org.axonframework.config.ConfigurationScopeAwareProvider(configuration),
                serializer, clock, node.id(), poll, java.time.Duration.ofSeconds(30), meters);
        deadlines.registerHandlerInterceptor(logContext);
        return deadlines;
    }

    /** Both drivers (the event store's and the read models') give up on an unreachable store after a few seconds. */
    @Bean
    org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer failFastWithoutAStore(
            StoreProperties store) {
        return settings -> settings.applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(
                store.serverSelectionTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    /**
     * The blocking client (event store, token store, projections' writes) reads and writes on its caller's thread.
     * Boot's Netty transport, meant for the reactive client, comes as a settings customizer like any other and put
     * this client on Netty as well: each blocking operation was then handed to an event loop and its caller parked
     * until the loop had the answer (JFR of a 1M-event rebuild: waking the loop alone took 3 % of the rebuild thread,
     * besides encoding through Netty's buffers). See StoreClientsTest and the performance guide for the figures.
     */
    @Bean
    com.mongodb.client.MongoClient mongo(
            org.springframework.beans.factory.ObjectProvider<
                    org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer> customizers,
            com.mongodb.MongoClientSettings settings) {
        return new org.springframework.boot.mongodb.autoconfigure.MongoClientFactory(
                customizers.orderedStream().filter(customizer -> !customizer.getClass().getName().contains("NettyDriver"))
                           .toList()).createMongoClient(settings);
    }

    /** Axon registers a handler interceptor bean with the command bus, the query bus and every event processor. */
    @Bean
    LogContext logContext() {
        return new LogContext();
    }

    /**
     * Jackson 3 refuses polymorphic types it was not told about; Axon's replay token carries an {@code Object}
     * context, so our and Axon's own types are allowed explicitly (and nothing else).
     */
    @Bean
    Jackson3SerializerCustomizer axonJsonCustomizer() {
        return jsonCustomizer();
    }

    public static Jackson3SerializerCustomizer jsonCustomizer() {
        return builder -> builder.polymorphicTypeValidator(
                BasicPolymorphicTypeValidator.builder()
                                             .allowIfSubType("org.axonframework.")
                                             .allowIfSubType("jp.kanmin.")
                                             .allowIfSubType("java.util.")
                                             .allowIfSubType("java.lang.")
                                             .allowIfSubType("java.time.")
                                             .build());
    }

    @Bean
    IndexedMongoEventStorageEngine eventStorageEngine(MongoClient mongoClient, StoreProperties store,
                                                      Serializer serializer,
                                                      @Qualifier("eventSerializer") Serializer eventSerializer,
                                                      MeterRegistry meters) {
        Counter gapsGivenUp = Counter.builder("kanmin.eventstore.gaps.given.up")
                                     .description("Allocated global indexes a reader stopped waiting for and fenced")
                                     .register(meters);
        return IndexedMongoEventStorageEngine.builder()
                                             .database(mongoClient.getDatabase(store.database()))
                                             .writeConcern(writeConcern(store.writeConcern()))
                                             .readConcern(readConcern(store.readConcern()))
                                             .gapTimeout(store.gapTimeout())
                                             .gapHoldBack(store.gapHoldBack())
                                             // gaps are timed on the wall clock, not the application's (which tests move)
                                             .clock(Clock.systemUTC())
                                             .gapListener(index -> gapsGivenUp.increment())
                                             .batchSize(store.batchSize())
                                             .snapshotSerializer(serializer)
                                             .eventSerializer(eventSerializer)
                                             .build();
    }

    /** Named {@code eventBus} as Axon's auto-configuration expects; local appends wake local streams at once. */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                  StoreProperties store) {
        return EmbeddedEventStore.builder()
                                 .storageEngine(storageEngine)
                                 .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                                 .fetchDelay(store.fetchDelay().toMillis())
                                 .build();
    }

    @Bean
    TokenStore tokenStore(MongoClient mongoClient, StoreProperties store, Serializer serializer, NodeIdentity node) {
        return MongoTokenStore.builder()
                              .mongoTemplate(DefaultMongoTemplate.builder()
                                                                 .mongoDatabase(mongoClient.getDatabase(store.database())
                                                                                           .withWriteConcern(REBUILDABLE))
                                                                 .build())
                              .serializer(serializer)
                              .claimTimeout(store.claimTimeout())
                              .nodeId(node.id())
                              .build();
    }

    /**
     * Axon's Micrometer auto-configuration is ordered against Spring Boot 2/3 class names and, on Boot 4, may bind to
     * a registry nobody scrapes. Binding here to the application's primary registry puts processor, command bus and
     * event store metrics on /actuator/prometheus, one name per measure with the component as a tag; without the
     * capacity monitors, whose memory grows with the event rate.
     */
    @Bean
    GlobalMetricRegistry globalMetricRegistry(MeterRegistry meters) {
        return new BoundedMetricRegistry(meters);
    }

    @Bean
    MetricsConfigurerModule metricsConfigurerModule(GlobalMetricRegistry registry) {
        return new MetricsConfigurerModule(registry, true);
    }

    /**
     * The process managers act on what happens, not on history copied into a fork: what they did about the original
     * events was copied along with them.
     */
    @Bean
    org.axonframework.config.ConfigurerModule copiedHistoryIsNotActedOn() {
        return configurer -> configurer.eventProcessing().registerHandlerInterceptor(
                "participation-lifecycle",
                c -> (unitOfWork, chain) -> unitOfWork.getMessage().getMetaData()
                                                      .containsKey(MessageMetadata.FORKED_FROM) ? null : chain.proceed());
    }

    /**
     * Notifications tell what happens from now on: on a store that has history (this feature deployed onto it, a
     * restore) the processor begins at the head, or its first start would send every overdue task of past months.
     */
    @Bean
    org.axonframework.config.ConfigurerModule notificationsBeginAtTheHead() {
        return configurer -> configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(
                "notifications", (c, builder) -> builder.initialToken(
                        org.axonframework.messaging.StreamableMessageSource::createHeadToken));
    }

    /**
     * A handler that fails fails its batch, which the processor retries (with back-off) before storing its token.
     * Axon's default logs the failure and moves on, so a read model would silently miss the event for good, and a
     * process manager would never send its command: a stalled processor shows in the metrics, a skipped event nowhere.
     */
    @Bean
    org.axonframework.config.ConfigurerModule failedEventsAreRetriedNotSkipped() {
        return configurer -> configurer.eventProcessing().registerDefaultListenerInvocationErrorHandler(
                c -> org.axonframework.eventhandling.PropagatingErrorHandler.instance());
    }

    /**
     * Read-model books write a batch's entries together, when the batch has handled its last event and before the
     * processor stores its token (which it does in a commit step registered first: entries left to the commit could
     * be lost to a crash in between). On every processor, as the last event of a batch need not be one the book's
     * own handlers take.
     */
    @Bean
    org.axonframework.config.ConfigurerModule booksWrittenPerBatch(IncidentBooks books) {
        return configurer -> configurer.eventProcessing().registerDefaultHandlerInterceptor(
                (c, processor) -> (unitOfWork, chain) -> {
                    Object result = chain.proceed();
                    if (unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.isLastMessage()) {
                        books.writeBatch();
                    }
                    return result;
                });
    }

    /** Tells this node's pooled processors when there are events to read (see {@link EventsAvailable}). */
    @Bean
    EventsAvailable eventsAvailable(ObjectProvider<EmbeddedEventStore> eventStore) {
        return new EventsAvailable(eventStore::getObject, EventsAvailable.AXONS_POLL, Duration.ofMillis(50));
    }

    /**
     * Every pooled processor reads the store through {@link EventsAvailable}, so it handles an event as soon as the
     * store has it instead of at its next half-second look. A pooled processor stores its token after every batch it
     * handles, but while only events it does not handle go by, Axon stores it every five seconds; once a second keeps
     * a read on another node that waits for a position ({@code atLeast}) from waiting long for a segment that has
     * nothing to do. (One default configuration: registering a second would replace the first.)
     */
    @Bean
    org.axonframework.config.ConfigurerModule pooledProcessors(EventsAvailable eventsAvailable) {
        return configurer -> configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(
                (c, builder) -> builder.messageSource(eventsAvailable).claimExtensionThreshold(1_000));
    }

    /**
     * On a store that one node owns (the embedded store; {@code kanmin.store.single-node}), aggregates stay in memory
     * between commands (the 20,000 most recently used): a long-lived participation, a city with hundreds of
     * acknowledgements, is not sourced from its first event on every command. Where several nodes share a store,
     * another node may have extended an aggregate this node holds, and a command refused from a stale copy (an
     * acknowledgement of an exchange not yet in its inbox) would write nothing that could reveal it: there every
     * command sources its aggregate from the store. Whatever appends around the aggregates (a restore) empties it.
     */
    @Bean
    Cache aggregateCache(@Value("${kanmin.store.single-node:false}") boolean singleNode) {
        return singleNode ? new AggregateCache(20_000) : NoCache.INSTANCE;
    }

    /** Every event inherits who asked and which request it answers. */
    @Bean
    CorrelationDataProvider requestCorrelation() {
        return new SimpleCorrelationDataProvider(MessageMetadata.REQUEST_ID, MessageMetadata.ACTOR);
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        var retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder()
                                    .commandBus(commandBus)
                                    .retryScheduler(new ConflictRetryScheduler(retries, 10, 5))
                                    .build();
    }

    /** All entries of an incident go to one segment, so per-incident read models have a single writer. */
    @Bean
    SequencingPolicy<org.axonframework.eventhandling.EventMessage<?>> incidentSequencingPolicy() {
        SequentialPerAggregatePolicy perAggregate = SequentialPerAggregatePolicy.instance();
        return event -> event.getPayload() instanceof IncidentScoped scoped
                ? scoped.incidentId().value()
                : perAggregate.getSequenceIdentifierFor(event);
    }

    /**
     * Read models and processor tokens are written without waiting for the journal: all of them can be rebuilt from
     * the events, and the store keeps writes in order (MongoDB's journal and oplog, the embedded store's commits), so a
     * read model is never behind the token that says it has an event. Waiting cost an fsync per processor write on the
     * embedded store, and under load the command path's appends queued behind them for seconds (the soak's p99).
     * Events, idempotency keys, deadlines and access tokens keep the acknowledged-means-durable write concern.
     */
    static final WriteConcern REBUILDABLE = WriteConcern.W1.withJournal(false);

    @Bean
    static BeanPostProcessor readModelsWrittenWithoutWaitingForTheJournal() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof org.springframework.data.mongodb.core.MongoTemplate readModels) {
                    readModels.setWriteConcern(REBUILDABLE);
                }
                return bean;
            }
        };
    }

    public static WriteConcern writeConcern(String setting) {
        WriteConcern base = setting.matches("\\d+") ? new WriteConcern(Integer.parseInt(setting))
                                                    : new WriteConcern(setting);
        return base.withJournal(true).withWTimeout(10, TimeUnit.SECONDS);
    }

    static ReadConcern readConcern(String setting) {
        return new ReadConcern(ReadConcernLevel.fromString(setting));
    }
}
