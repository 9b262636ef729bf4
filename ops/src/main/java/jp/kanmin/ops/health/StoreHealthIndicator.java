package jp.kanmin.ops.health;

import com.mongodb.reactivestreams.client.MongoClient;
import jp.kanmin.ops.config.StoreProperties;
import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Whether the store answers. Spring Boot's own MongoDB indicator sends {@code hello}, which mongo-java-server does
 * not know; {@code ping} is understood by both, so this one is used instead (see application.yml).
 */
@Component("store")
class StoreHealthIndicator implements ReactiveHealthIndicator {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final MongoClient mongo;
    private final StoreProperties store;

    StoreHealthIndicator(MongoClient mongo, StoreProperties store) {
        this.mongo = mongo;
        this.store = store;
    }

    @Override
    public Mono<Health> health() {
        long started = System.nanoTime();
        return Mono.from(mongo.getDatabase(store.database()).runCommand(new Document("ping", 1)))
                   .timeout(TIMEOUT)
                   .map(answer -> Health.up()
                                        .withDetail("database", store.database())
                                        .withDetail("pingMillis", (System.nanoTime() - started) / 1_000_000)
                                        .build())
                   .onErrorResume(failure -> Mono.just(Health.down().withDetail("error", failure.toString()).build()));
    }
}
