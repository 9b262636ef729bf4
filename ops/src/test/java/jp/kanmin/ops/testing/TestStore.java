package jp.kanmin.ops.testing;

import jp.kanmin.ops.store.EmbeddedStore;

/**
 * One in-memory mongo-java-server per test JVM, on a random port: a real store, not a mock of one. It is never
 * closed: it holds nothing worth keeping and dies with the JVM, whereas closing it in a shutdown hook raced the
 * Spring contexts' own hooks, whose processors then waited out server selection against a dead store on every
 * step of their shutdown (the test JVM took over 30 s to exit and Surefire killed it).
 */
public final class TestStore {

    private static EmbeddedStore store;

    private TestStore() {
    }

    public static synchronized String uri() {
        if (store == null) {
            store = EmbeddedStore.inMemoryIndexed();
        }
        return store.uri();
    }
}
