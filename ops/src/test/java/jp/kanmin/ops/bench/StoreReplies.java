package jp.kanmin.ops.bench;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many documents the store's replies carried to the node, by collection and command: where a node decoding
 * documents on every core (a profile's finding) gets them from. Counted on the node's every store client.
 */
final class StoreReplies implements CommandListener {

    static final StoreReplies INSTANCE = new StoreReplies();

    private final Map<Integer, String> collections = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> documents = new ConcurrentHashMap<>();

    /** Adds the counter to the clients of the application it initialises. */
    static ApplicationContextInitializer<GenericApplicationContext> counting() {
        return context -> context.registerBean("benchStoreReplies", MongoClientSettingsBuilderCustomizer.class,
                                               () -> settings -> settings.addCommandListener(INSTANCE));
    }

    /** Documents carried so far, by "collection command". */
    Map<String, Long> counts() {
        Map<String, Long> now = new java.util.TreeMap<>();
        documents.forEach((key, count) -> now.put(key, count.sum()));
        return now;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        BsonDocument command = event.getCommand();
        String name = event.getCommandName();
        String collection = "getMore".equals(name) ? command.getString("collection", new org.bson.BsonString("?"))
                                                            .getValue()
                : command.isString(name) ? command.getString(name).getValue() : "?";
        collections.put(event.getRequestId(), collection);
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        String collection = collections.remove(event.getRequestId());
        BsonDocument cursor = event.getResponse().isDocument("cursor") ? event.getResponse().getDocument("cursor")
                : null;
        if (collection == null || cursor == null) {
            return;
        }
        BsonArray batch = cursor.isArray("firstBatch") ? cursor.getArray("firstBatch")
                : cursor.isArray("nextBatch") ? cursor.getArray("nextBatch") : null;
        if (batch != null) {
            documents.computeIfAbsent(collection + " " + event.getCommandName(), key -> new LongAdder())
                     .add(batch.size());
        }
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        collections.remove(event.getRequestId());
    }
}
