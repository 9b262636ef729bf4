package jp.kanmin.ops.bench;

import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import jp.kanmin.ops.config.AxonConfiguration;
import jp.kanmin.ops.eventstore.IndexedMongoEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;

import java.util.function.LongConsumer;

/** The two engines the stress test and the benchmark compare, built the same way in every process. */
public final class Engines {

    public enum Engine { INDEXED, AXON_MONGO }

    private Engines() {
    }

    public static Serializer serializer() {
        return Jackson3Serializer.builder().jsonMapperBuilderCustomizer(AxonConfiguration.jsonCustomizer()).build();
    }

    public static EventStorageEngine engine(Engine engine, MongoClient client, String database,
                                            LongConsumer afterIndexAllocation) {
        Serializer serializer = serializer();
        return switch (engine) {
            case INDEXED -> IndexedMongoEventStorageEngine.builder()
                                                          .database(client.getDatabase(database))
                                                          .writeConcern(WriteConcern.MAJORITY.withJournal(true))
                                                          .readConcern(ReadConcern.MAJORITY)
                                                          .afterIndexAllocation(afterIndexAllocation)
                                                          .eventSerializer(serializer)
                                                          .snapshotSerializer(serializer)
                                                          .build();
            case AXON_MONGO -> MongoEventStorageEngine.builder()
                                                      .mongoTemplate(DefaultMongoTemplate.builder()
                                                                                         .mongoDatabase(client, database)
                                                                                         .build())
                                                      .eventSerializer(serializer)
                                                      .snapshotSerializer(serializer)
                                                      .build();
        };
    }
}
