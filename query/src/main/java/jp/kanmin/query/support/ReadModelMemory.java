package jp.kanmin.query.support;

/**
 * What a projection keeps in memory about its stored read model (the next free slot of each timeline). When a
 * rebuilt read model replaces the stored one, that memory may be wrong and is forgotten; it is learnt again from the
 * store.
 */
public interface ReadModelMemory {

    void forget();
}
