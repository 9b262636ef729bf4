package jp.kanmin.ops.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded store's non-unique indexes answer exactly what a scan answers: random documents (fields missing, null,
 * arrays, numbers of different types, dates) are inserted, updated and deleted, and random queries on the indexed
 * collection must return the same documents as on an identical collection without indexes. And a query an index
 * serves looks at the documents it returns, not at the whole collection.
 */
class DurableSecondaryIndexTest {

    @TempDir
    Path directory;

    @Test
    void indexedQueriesAnswerExactlyWhatAScanAnswersAndLookOnlyAtWhatTheyNeed() {
        DurableH2Backend backend = DurableH2Backend.open(directory.resolve("store.mv.db").toString());
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            MongoDatabase database = client.getDatabase("test");
            MongoCollection<Document> indexed = database.getCollection("indexed");
            MongoCollection<Document> plain = database.getCollection("plain");
            indexed.createIndex(Indexes.ascending("incident", "section"));
            indexed.createIndex(Indexes.ascending("state", "due"));
            Random random = new Random(42);
            for (int i = 0; i < 2_000; i++) {
                Document document = randomDocument(random, i);
                indexed.insertOne(document);
                plain.insertOne(new Document(document));
                if (i % 7 == 0) {
                    Bson id = Filters.eq("_id", "d" + random.nextInt(i + 1));
                    Bson change = Updates.set("state", random.nextBoolean() ? "RUNNING" : "SCHEDULED");
                    indexed.updateOne(id, change);
                    plain.updateOne(id, change);
                }
                if (i % 11 == 0) {
                    Bson id = Filters.eq("_id", "d" + random.nextInt(i + 1));
                    indexed.deleteOne(id);
                    plain.deleteOne(id);
                }
            }
            for (int q = 0; q < 300; q++) {
                Bson query = randomQuery(random);
                assertThat(ids(indexed, query)).as("query %s", query).isEqualTo(ids(plain, query));
            }

            long before = backend.documentsExamined("test", "indexed");
            List<Document> found = indexed.find(Filters.and(Filters.eq("incident", "i3"), Filters.eq("section", "s1")))
                                          .into(new ArrayList<>());
            assertThat(backend.documentsExamined("test", "indexed") - before).as("documents looked at")
                                                                   .isEqualTo(found.size()).isLessThan(100);
        } finally {
            server.shutdown();
        }
    }

    private static Document randomDocument(Random random, int i) {
        Document document = new Document("_id", "d" + i);
        int incident = random.nextInt(12);
        switch (random.nextInt(10)) {
            case 0 -> { } // missing
            case 1 -> document.append("incident", null);
            case 2 -> document.append("incident", List.of("i" + incident, "i" + (incident + 1)));
            case 3 -> document.append("incident", incident); // a number, not a string
            default -> document.append("incident", "i" + incident);
        }
        if (random.nextInt(8) != 0) {
            document.append("section", random.nextBoolean() ? "s" + random.nextInt(4) : (long) random.nextInt(4));
        }
        document.append("state", random.nextInt(4) == 0 ? "RUNNING" : "SCHEDULED");
        if (random.nextInt(10) != 0) {
            document.append("due", new Date(1_700_000_000_000L + random.nextInt(1_000) * 60_000L));
        }
        return document;
    }

    private static Bson randomQuery(Random random) {
        String incident = "i" + random.nextInt(13);
        Date at = new Date(1_700_000_000_000L + random.nextInt(1_000) * 60_000L);
        return switch (random.nextInt(9)) {
            case 0 -> Filters.eq("incident", incident);
            case 1 -> Filters.and(Filters.eq("incident", incident), Filters.eq("section", "s" + random.nextInt(4)));
            case 2 -> Filters.and(Filters.eq("incident", incident), Filters.in("section", "s1", "s2", 2L));
            case 3 -> Filters.and(Filters.eq("state", "SCHEDULED"), Filters.lte("due", at));
            case 4 -> Filters.and(Filters.eq("state", "SCHEDULED"), Filters.gt("due", at), Filters.lt("due",
                    new Date(at.getTime() + 3_600_000)));
            case 5 -> Filters.eq("incident", null);
            case 6 -> Filters.in("incident", incident, "i" + random.nextInt(13), random.nextInt(12));
            case 7 -> Filters.and(Filters.eq("incident", random.nextInt(12)), Filters.exists("section"));
            default -> Filters.and(Filters.in("state", "SCHEDULED", "RUNNING"), Filters.lte("due", at));
        };
    }

    private static Set<String> ids(MongoCollection<Document> collection, Bson query) {
        Set<String> ids = new TreeSet<>();
        collection.find(query).forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }
}
