package jp.kanmin.query.support;

/** How far a read model has got through the store, as its processor's segments say (see the ops module). */
public interface ReadModelProgress {

    /**
     * The highest position at and before which the read model has handled every event and stored what each wrote
     * (a position still in flight below a reader's index counts as not handled); -1 when that is not known.
     * Blocking: it may read the token store.
     */
    long handledThrough(String readModel);
}
