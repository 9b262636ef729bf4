package jp.kanmin.ops.rebuild;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Read-model books were kept as one document per incident before each entry became a document of its own; the new
 * code does not read the old documents. A store written by an earlier version therefore has those books rebuilt
 * beside the live ones (which meanwhile show only what happened since the upgrade). On the embedded store, which one
 * node owns, that happens at start-up; on a shared MongoDB the operator starts it once, from one node, as logged.
 */
@Component
class BookFormatUpgrade {

    private static final Logger logger = LoggerFactory.getLogger(BookFormatUpgrade.class);
    /** Each book's collection and the processor that keeps it. */
    private static final Map<String, String> BOOKS = Map.of("task_books", "tasks", "report_books", "reports",
                                                            "exchange_books", "exchanges", "damage_books", "damage");
    /** Books known to be in the current format, so that a start-up looks through each book once, not every time. */
    private static final String CHECKED = "book_formats";

    private final MongoTemplate mongo;
    private final ProjectionRebuilds rebuilds;
    private final boolean embedded;

    BookFormatUpgrade(MongoTemplate mongo, ProjectionRebuilds rebuilds,
                      @Value("${kanmin.store.embedded:false}") boolean embedded) {
        this.mongo = mongo;
        this.rebuilds = rebuilds;
        this.embedded = embedded;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        List<String> outdated = outdated();
        if (outdated.isEmpty()) {
            return;
        }
        if (embedded) {
            outdated.forEach(processor -> {
                logger.warn("Read model {} was written by an earlier version: rebuilding it beside the live one",
                            processor);
                rebuilds.rebuild(processor);
            });
        } else {
            logger.error("Read models {} were written by an earlier version and show only what happened since the "
                         + "upgrade: rebuild each once, from one node (POST /api/admin/projections/<name>/rebuild)",
                         outdated);
        }
    }

    /** Rebuilds every book still in the old format; answers the processors whose rebuild it started. */
    List<String> upgrade() {
        List<String> outdated = outdated();
        outdated.forEach(rebuilds::rebuild);
        return outdated;
    }

    private List<String> outdated() {
        return BOOKS.entrySet().stream()
                    .filter(book -> !mongo.exists(Query.query(where("_id").is(book.getKey())), CHECKED))
                    .filter(book -> {
                        boolean outdated = mongo.collectionExists(book.getKey())
                                           && mongo.exists(Query.query(where("section").exists(false)), book.getKey());
                        if (!outdated) {
                            mongo.save(new org.bson.Document("_id", book.getKey()).append("format", "entry-per-document"),
                                       CHECKED);
                        }
                        return outdated;
                    })
                    .map(Map.Entry::getValue).sorted().toList();
    }
}
