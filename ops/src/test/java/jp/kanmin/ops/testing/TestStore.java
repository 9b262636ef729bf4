package jp.kanmin.ops.testing;

import jp.kanmin.ops.store.EmbeddedStore;

/** One in-memory mongo-java-server per test JVM, on a random port: a real store, not a mock of one. */
public final class TestStore {

    private static EmbeddedStore store;

    private TestStore() {
    }

    public static synchronized String uri() {
        if (store == null) {
            store = EmbeddedStore.inMemory();
            Runtime.getRuntime().addShutdownHook(new Thread(store::close));
        }
        return store.uri();
    }
}
