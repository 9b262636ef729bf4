package jp.kanmin.ops.rebuild;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Read-model books were kept as one document per incident before each entry became a document of its own, and report
 * threads carried their whole history before it was kept beside them; the new code does not read the old documents.
 * A store written by an earlier version therefore has those books rebuilt
 * beside the live ones (which meanwhile show only what happened since the upgrade). On the embedded store, which one
 * node owns, that happens at start-up; on a shared MongoDB the operator starts it once, from one node, as logged.
 */
@Component
class BookFormatUpgrade {

    private static final Logger logger = LoggerFactory.getLogger(BookFormatUpgrade.class);
    /** A book's collection, the processor that keeps it, its current format, and what only an earlier one wrote. */
    private record Book(String collection, String processor, String format, Criteria earlierFormat) {
    }

    private static final Criteria ONE_DOCUMENT_PER_INCIDENT = where("section").exists(false);
    private static final List<Book> BOOKS = List.of(
            new Book("task_books", "tasks", "entry-per-document", ONE_DOCUMENT_PER_INCIDENT),
            new Book("exchange_books", "exchanges", "entry-per-document", ONE_DOCUMENT_PER_INCIDENT),
            new Book("damage_books", "damage", "entry-per-document", ONE_DOCUMENT_PER_INCIDENT),
            new Book("report_books", "reports", "threads-without-history",
                     new Criteria().orOperator(ONE_DOCUMENT_PER_INCIDENT, where("value.earlier").exists(true))));
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
        return BOOKS.stream()
                    .filter(book -> !mongo.exists(Query.query(where("_id").is(book.collection()).and("format")
                                                                         .is(book.format())), CHECKED))
                    .filter(book -> {
                        boolean outdated = mongo.collectionExists(book.collection())
                                           && mongo.exists(Query.query(book.earlierFormat()), book.collection());
                        if (!outdated) {
                            mongo.save(new org.bson.Document("_id", book.collection()).append("format", book.format()),
                                       CHECKED);
                        }
                        return outdated;
                    })
                    .map(Book::processor).sorted().toList();
    }
}
