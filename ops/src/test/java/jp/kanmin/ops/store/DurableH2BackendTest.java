package jp.kanmin.ops.store;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded store's unique indexes compare keys by value. A store written by the stock backend (indexes ordered
 * by serialised bytes) opens with its indexes rebuilt: every document is found again by its id and by its unique key,
 * and uniqueness still holds. A collection renamed or dropped takes its documents and index keys with it, across a
 * restart.
 */
class DurableH2BackendTest {

    @TempDir
    Path directory;

    @Test
    void aStoreWrittenByTheStockBackendIsFoundAgainByIdAndUniqueKeyAfterTheUpgrade() {
        String file = directory.resolve("store.mv.db").toString();
        run(new H2Backend(file), books -> {
            books.createIndex(Indexes.ascending("isbn", "edition"), new IndexOptions().unique(true));
            for (int i = 0; i < 500; i++) {
                books.insertOne(new Document("_id", "book-" + i).append("isbn", "978-" + (i % 250))
                                                                 .append("edition", i / 250).append("n", i));
            }
        });
        run(DurableH2Backend.open(file), books -> {
            assertThat(books.find(eq("_id", "book-321")).first()).containsEntry("n", 321);
            assertThat(books.find(in("_id", List.of("book-0", "book-499", "book-250"))).into(new java.util.ArrayList<>()))
                    .hasSize(3);
            assertThat(books.find(new Document("isbn", "978-71").append("edition", 1)).first())
                    .containsEntry("n", 321);
            assertThatThrownBy(() -> books.insertOne(new Document("_id", "book-x").append("isbn", "978-71")
                                                                                .append("edition", 1)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("E11000");
            assertThatThrownBy(() -> books.insertOne(new Document("_id", "book-5")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("E11000");
            books.insertOne(new Document("_id", 7L).append("isbn", "978-x").append("edition", 0));
            assertThat(books.find(eq("_id", 7)).first()).as("an integer finds a long, as in MongoDB").isNotNull();
        });
        run(DurableH2Backend.open(file), books -> assertThat(books.countDocuments()).isEqualTo(501));
    }

    @Test
    void aCollectionRenamedOverAnotherIsFoundUnderItsNewNameAfterARestartAndItsOldNameIsFree() {
        String file = directory.resolve("store.mv.db").toString();
        runOn(DurableH2Backend.open(file), client -> {
            MongoDatabase library = client.getDatabase("library");
            MongoCollection<Document> rebuilt = library.getCollection("books__rebuild");
            rebuilt.createIndex(Indexes.ascending("shelf", "n"));
            for (int i = 0; i < 30; i++) {
                rebuilt.insertOne(new Document("_id", "book-" + i).append("shelf", i % 3).append("n", i));
            }
            library.getCollection("books").insertOne(new Document("_id", "book-old"));

            client.getDatabase("admin").runCommand(new Document("renameCollection", "library.books__rebuild")
                                                           .append("to", "library.books").append("dropTarget", true));

            assertThat(library.getCollection("books").countDocuments()).isEqualTo(30);
            library.getCollection("books__rebuild").insertOne(new Document("_id", "book-1").append("next", true));
        });
        runOn(DurableH2Backend.open(file), client -> {
            MongoDatabase library = client.getDatabase("library");
            MongoCollection<Document> books = library.getCollection("books");
            assertThat(books.countDocuments()).isEqualTo(30);
            assertThat(books.find(eq("_id", "book-7")).first()).containsEntry("n", 7);
            assertThat(books.find(eq("_id", "book-old")).first()).isNull();
            assertThat(books.countDocuments(new Document("shelf", 1))).isEqualTo(10);
            assertThatThrownBy(() -> books.insertOne(new Document("_id", "book-7")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("E11000");
            assertThat(library.getCollection("books__rebuild").find().into(new java.util.ArrayList<>()))
                    .extracting(d -> d.get("_id")).containsExactly("book-1");
        });
    }

    @Test
    void aCollectionDroppedAndMadeAgainStartsWithoutTheOldKeys() {
        runOn(DurableH2Backend.open(directory.resolve("store.mv.db").toString()), client -> {
            MongoCollection<Document> books = client.getDatabase("library").getCollection("books");
            books.createIndex(Indexes.ascending("shelf", "n"));
            books.insertOne(new Document("_id", "book-1").append("shelf", 1).append("n", 1));
            books.drop();

            books.insertOne(new Document("_id", "book-1").append("shelf", 2).append("n", 1));

            assertThat(books.countDocuments(new Document("shelf", 1))).isZero();
            assertThat(books.countDocuments(new Document("shelf", 2))).isOne();
        });
    }

    private static void run(de.bwaldvogel.mongo.MongoBackend backend, Consumer<MongoCollection<Document>> work) {
        runOn(backend, client -> work.accept(client.getDatabase("library").getCollection("books")));
    }

    private static void runOn(de.bwaldvogel.mongo.MongoBackend backend, Consumer<MongoClient> work) {
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            work.accept(client);
        } finally {
            server.shutdown();
        }
    }
}
