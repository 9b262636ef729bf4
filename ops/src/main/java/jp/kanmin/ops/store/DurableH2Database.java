package jp.kanmin.ops.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * mongo-java-server's H2 database whose unique indexes are ordered by {@link IndexKeyOrder}, under map names of their
 * own. A store written by an earlier version kept its indexes ordered by serialised bytes under other names: those
 * maps are removed, and mongo-java-server rebuilds each index from the collection's documents when it finds the new
 * map empty, as it does for any index it opens empty.
 */
final class DurableH2Database extends H2Database {

    private static final Logger logger = LoggerFactory.getLogger(DurableH2Database.class);
    /** The store, for the index maps the superclass's constructor opens before this class's fields are set. */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore store;
    private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> examined =
            new java.util.concurrent.ConcurrentHashMap<>();

    private DurableH2Database(String name, MVStore store, CursorRegistry cursors) {
        super(name, store, cursors);
        this.store = store;
    }

    static DurableH2Database open(String name, MVStore store, CursorRegistry cursors) {
        OPENING.set(store);
        try {
            return new DurableH2Database(name, store, cursors);
        } finally {
            OPENING.remove();
        }
    }

    private MVStore mvStore() {
        return store != null ? store : OPENING.get();
    }

    private String keysMap(String collection, String index) {
        return getFullCollectionNamespace(collection) + "._keys_" + index;
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collection, String index, List<IndexKey> keys,
                                                    boolean sparse) {
        String earlier = getFullCollectionNamespace(collection) + "._index_" + index;
        if (mvStore().hasMap(earlier)) {
            mvStore().removeMap(earlier);
            logger.info("Index {} of {} is rebuilt ordered by value", index, collection);
        }
        MVMap<KeyValue, Object> map = mvStore().openMap(keysMap(collection, index),
                                                        new MVMap.Builder<KeyValue, Object>()
                                                                .keyType(IndexKeyOrder.INSTANCE));
        return new DurableUniqueIndex(map, index, keys, sparse);
    }

    /** The non-unique indexes mongo-java-server leaves out, in maps of their own (rebuilt when found empty). */
    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collection, String index, List<IndexKey> keys,
                                                       boolean sparse) {
        MVMap<KeyValue, Boolean> map = mvStore().openMap(secondaryMap(collection, index),
                                                         new MVMap.Builder<KeyValue, Boolean>()
                                                                 .keyType(IndexKeyOrder.INSTANCE));
        return new DurableSecondaryIndex(map, index, keys, sparse);
    }

    private String secondaryMap(String collection, String index) {
        return getFullCollectionNamespace(collection) + "._entries_" + index;
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String index) {
        super.dropIndex(collection, index);
        for (String name : List.of(keysMap(collection.getCollectionName(), index),
                                   secondaryMap(collection.getCollectionName(), index))) {
            if (mvStore().hasMap(name)) {
                mvStore().removeMap(name);
            }
        }
    }

    /**
     * A rename ({@code renameCollection}, as a projection rebuild swaps its collections in) moves the collection's
     * documents and index maps to the new name. mongo-java-server 1.47 reads the old name after it has renamed the
     * collection, so it moves a new empty map onto the new name and leaves the documents under the old one: the
     * renamed collection worked until a restart, then opened empty (a rebuilt read model gone), while the next
     * collection of the old name opened the documents and their keys (a duplicate key on its first insert).
     */
    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        String from = collection.getFullName();
        String to = getFullCollectionNamespace(newCollectionName);
        super.moveCollection(oldDatabase, collection, newCollectionName);
        for (String kind : List.of("databases.", "meta.")) {
            if (mvStore().hasMap(kind + to)) {
                MVMap<Object, Object> made = mvStore().openMap(kind + to);
                if (!made.isEmpty()) {
                    throw new IllegalStateException(kind + to + " holds documents; not moving " + from + " onto it");
                }
                mvStore().removeMap(made);
            }
            if (mvStore().hasMap(kind + from)) {
                mvStore().renameMap(mvStore().openMap(kind + from), kind + to);
            }
        }
        for (String name : indexMaps(from)) {
            mvStore().renameMap(mvStore().openMap(name), to + name.substring(from.length()));
        }
    }

    private List<String> indexMaps(String namespace) {
        return mvStore().getMapNames().stream()
                        .filter(name -> name.startsWith(namespace + "._keys_")
                                        || name.startsWith(namespace + "._entries_"))
                        .toList();
    }

    /**
     * The collection as mongo-java-server's H2 database opens it (the same maps), counting the documents its queries
     * look at: what a test compares when it says a read does not grow with the store.
     */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collection, CollectionOptions options) {
        String name = getFullCollectionNamespace(collection);
        MVMap<Object, Document> data = mvStore().openMap("databases." + name);
        MVMap<String, Object> meta = mvStore().openMap("meta." + name);
        return new H2Collection(this, collection, options, data, meta, cursorRegistry) {
            @Override
            protected boolean documentMatchesQuery(Document document, Document query) {
                if (examined != null) { // null while the superclass's constructor opens the collections
                    examined.computeIfAbsent(collection, c -> new java.util.concurrent.atomic.LongAdder()).increment();
                }
                return super.documentMatchesQuery(document, query);
            }
        };
    }

    /** How many stored documents queries on a collection have looked at so far. */
    long documentsExamined(String collection) {
        java.util.concurrent.atomic.LongAdder count = examined.get(collection);
        return count == null ? 0 : count.sum();
    }
}
