package jp.kanmin.ops.store;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An in-process MongoDB-compatible server (mongo-java-server), so that a new user gets a working system with one
 * command. Persistent mode keeps everything in one H2 MVStore file under the data directory and syncs each
 * acknowledged write; in-memory mode is for tests.
 */
public final class EmbeddedStore implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedStore.class);
    public static final String FILE_NAME = "kanmin-store.mv.db";

    private final MongoServer server;
    private final MongoBackend backend;
    private final String uri;
    private final String description;

    static final int WORKER_THREADS = 16;

    private EmbeddedStore(MongoBackend backend, String host, int port, String description) {
        this.backend = backend;
        this.server = new MongoServer(backend);
        // A command blocks its worker thread while it waits for a collection's lock; with Netty's default (two per
        // core) one slow query held up every connection pinned to the same thread.
        server.bind(new InetSocketAddress(host, port), 1, WORKER_THREADS);
        InetSocketAddress address = server.getLocalAddress();
        this.uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
        this.description = description;
    }

    /** A store whose data survives restarts and {@code kill -9}, in {@code dataDirectory}. */
    public static EmbeddedStore persistent(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + dataDirectory.toAbsolutePath(), e);
        }
        Path file = dataDirectory.resolve(FILE_NAME).toAbsolutePath();
        EmbeddedStore store = new EmbeddedStore(DurableH2Backend.open(file.toString()), "127.0.0.1", 0,
                                                "embedded MongoDB-compatible store (mongo-java-server, H2 file " + file + ")");
        logger.info("Started {} at {}", store.description, store.uri);
        return store;
    }

    /** A throw-away store for tests, on a random loopback port. */
    public static EmbeddedStore inMemory() {
        return new EmbeddedStore(new MemoryBackend(), "127.0.0.1", 0, "in-memory test store (mongo-java-server)");
    }

    /**
     * The embedded store's own engine, held in memory: its secondary indexes serve an incident's books and the due
     * deadlines, where the plain in-memory backend scans every document a long test run has ever written.
     */
    public static EmbeddedStore inMemoryIndexed() {
        return new EmbeddedStore(new DurableH2Backend(new org.h2.mvstore.MVStore.Builder().open()), "127.0.0.1", 0,
                                 "in-memory test store (mongo-java-server, the embedded store's H2 engine)");
    }

    public String uri() {
        return uri;
    }

    /** How many stored documents queries on a collection have looked at (the embedded H2 store counts them). */
    public long documentsExamined(String database, String collection) {
        return backend instanceof DurableH2Backend durable ? durable.documentsExamined(database, collection) : 0;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
