package jp.kanmin.query.support;

import jp.kanmin.shared.incident.IncidentEvent.ExerciseDeleted;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

import java.util.List;

/**
 * What every projection keeping {@link IncidentBooks} does alike: a deleted exercise's books are removed (it is gone
 * from every read model), and a reset drops the book's collections, which also names them to a rebuild.
 */
public abstract class BookProjection {

    protected final IncidentBooks books;
    private final List<String> collections;

    protected BookProjection(IncidentBooks books, String... collections) {
        this.books = books;
        this.collections = List.of(collections);
    }

    @EventHandler
    protected void on(ExerciseDeleted event) {
        collections.forEach(collection -> books.remove(collection, event.incidentId().value()));
    }

    @ResetHandler
    protected void reset() {
        collections.forEach(books::drop);
    }
}
