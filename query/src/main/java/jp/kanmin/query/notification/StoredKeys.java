package jp.kanmin.query.notification;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.function.Supplier;

/**
 * Keys the notifier makes once and keeps in the store, so that every node and every restart signs alike: the first
 * node to need one makes it; any other, then or later, reads the one stored first.
 */
final class StoredKeys {

    static final String COLLECTION = "notification_keys";

    private StoredKeys() {
    }

    /** The fields of the key stored under {@code id}, made by {@code make} if there is none yet. */
    static Document once(MongoTemplate mongo, String id, Supplier<Document> make) {
        Document stored = mongo.findById(id, Document.class, COLLECTION);
        if (stored == null) {
            try {
                Document made = new Document("_id", id);
                made.putAll(make.get());
                mongo.insert(made, COLLECTION);
            } catch (DuplicateKeyException anotherNodeWasFirst) {
                // its key is the one
            }
            stored = mongo.findById(id, Document.class, COLLECTION);
        }
        return stored;
    }
}
