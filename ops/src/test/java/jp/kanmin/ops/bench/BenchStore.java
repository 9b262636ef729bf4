package jp.kanmin.ops.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import jp.kanmin.ops.store.EmbeddedStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store a benchmark runs against: the embedded persistent store that a new user gets (default, in a temporary
 * directory), the in-memory one, or a MongoDB given by URI. Only the local machine is ever targeted by default.
 */
public final class BenchStore implements AutoCloseable {

    private final AutoCloseable embedded;
    private final String uri;
    private final String description;
    private final MongoClient client;

    private BenchStore(AutoCloseable embedded, String uri, String description) {
        this.embedded = embedded;
        this.uri = uri;
        this.description = description;
        this.client = MongoClients.create(uri);
    }

    /**
     * {@code kind}: "embedded" (persistent H2, synced per write), "memory", "memory-process" (in memory, in a JVM of
     * its own), or a mongodb:// URI.
     */
    public static BenchStore open(String kind) {
        if (kind.startsWith("mongodb://") || kind.startsWith("mongodb+srv://")) {
            return new BenchStore(null, kind, "MongoDB at " + kind.replaceAll("//[^@/]*@", "//***@"));
        }
        if (kind.equals("memory-process")) {
            StoreProcess store = StoreProcess.start();
            return new BenchStore(store, store.uri(), "mongo-java-server in memory, in its own JVM");
        }
        if (kind.equals("memory")) {
            EmbeddedStore store = EmbeddedStore.inMemory();
            return new BenchStore(store, store.uri(), "mongo-java-server in memory");
        }
        try {
            Path directory = Files.createTempDirectory("kanmin-bench");
            EmbeddedStore store = EmbeddedStore.persistent(directory);
            return new BenchStore(store, store.uri(), "embedded mongo-java-server, H2 file synced per write");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A store the benchmark started for itself (embedded or in memory), not a MongoDB given by URI. */
    public boolean isBenchOwned() {
        return !(uri.startsWith("mongodb://") && description.startsWith("MongoDB"));
    }

    public String uri() {
        return uri;
    }

    public String description() {
        return description;
    }

    public MongoClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the store", e);
            }
        }
    }
}
