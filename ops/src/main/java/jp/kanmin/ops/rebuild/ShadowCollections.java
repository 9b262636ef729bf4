package jp.kanmin.ops.rebuild;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a read model is rebuilt beside the live one: a {@link MongoTemplate} that writes a projection's own
 * collections under a suffixed name ({@code report_books} → {@code report_books__rebuild}) and reads every other
 * collection (the directory a projection looks organisations up in) where it is.
 * <p>
 * Which collections a projection owns is learnt from its reset handler: whatever it drops while {@link #learning}
 * is its own. Projections name their collections in one place each, so this needs no list kept beside them.
 */
final class ShadowCollections {

    static final String SUFFIX = "__rebuild";

    private final MongoClient client;
    private final String database;
    private final Set<String> owned = ConcurrentHashMap.newKeySet();
    private final MongoTemplate template;
    private volatile boolean learning;

    ShadowCollections(MongoClient client, MongoTemplate live) {
        this.client = client;
        this.database = live.getDb().getName();
        SimpleMongoClientDatabaseFactory factory = new SimpleMongoClientDatabaseFactory(client, database) {
            @Override
            protected MongoDatabase doGetMongoDatabase(String name) {
                return redirecting(super.doGetMongoDatabase(name));
            }
        };
        this.template = new MongoTemplate(factory, live.getConverter());
        // Nothing here is relied on until the swap, whose rename is a journalled write that makes all of it durable.
        template.setWriteConcern(WriteConcern.W1.withJournal(false));
    }

    MongoTemplate template() {
        return template;
    }

    /** Runs the projection's reset handler, which drops (and so names) its collections, left from an earlier try. */
    void learning(Runnable reset) {
        learning = true;
        try {
            reset.run();
        } finally {
            learning = false;
        }
    }

    Set<String> owned() {
        return Set.copyOf(owned);
    }

    /**
     * Puts the rebuilt collections in place of the live ones, each by one rename (atomic within a database on
     * MongoDB); a live collection the rebuild never created is dropped, as the reset would have.
     */
    void swap() {
        MongoDatabase live = client.getDatabase(database);
        Set<String> existing = live.listCollectionNames().into(new java.util.HashSet<>());
        for (String name : owned) {
            if (existing.contains(name + SUFFIX)) {
                client.getDatabase("admin").runCommand(new Document("renameCollection", database + "." + name + SUFFIX)
                                                               .append("to", database + "." + name)
                                                               .append("dropTarget", true));
            } else {
                live.getCollection(name).drop();
            }
        }
    }

    void discard() {
        MongoDatabase live = client.getDatabase(database);
        owned.forEach(name -> live.getCollection(name + SUFFIX).drop());
    }

    private MongoDatabase redirecting(MongoDatabase target) {
        return (MongoDatabase) Proxy.newProxyInstance(
                MongoDatabase.class.getClassLoader(), new Class<?>[]{MongoDatabase.class}, (proxy, method, args) -> {
                    if (args != null && args.length > 0 && args[0] instanceof String name
                        && (method.getName().equals("getCollection") || method.getName().equals("createCollection"))) {
                        if (learning) {
                            owned.add(name);
                        }
                        if (owned.contains(name)) {
                            args = args.clone();
                            args[0] = name + SUFFIX;
                        }
                    }
                    try {
                        Object result = method.invoke(target, args);
                        // withWriteConcern and its kind answer a new database, which must redirect too
                        return result instanceof MongoDatabase other && method.getReturnType() == MongoDatabase.class
                                ? redirecting(other) : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
