package jp.kanmin.ops.store;

import com.mongodb.connection.NettyTransportSettings;
import jp.kanmin.ops.testing.ApplicationTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blocking client (event store, tokens, projections) does its own socket work on the caller's thread; only the
 * reactive client (queries and feeds) runs on Netty's event loops. Both reach the same store.
 */
@ApplicationTest
class StoreClientsTest {

    @Autowired
    com.mongodb.client.MongoClient blocking;
    @Autowired
    com.mongodb.reactivestreams.client.MongoClient reactive;

    @Test
    void theBlockingClientIsNotOnNettyWhileTheReactiveOneIs() {
        var blockingSettings = ((com.mongodb.client.internal.MongoClientImpl) blocking).getSettings();
        var reactiveSettings = ((com.mongodb.reactivestreams.client.internal.MongoClientImpl) reactive).getSettings();

        assertThat(blockingSettings.getTransportSettings()).isNull();
        assertThat(reactiveSettings.getTransportSettings()).isInstanceOf(NettyTransportSettings.class);
        // and the rest of the settings (the store's address, failing fast without it) are the same for both
        assertThat(blockingSettings.getClusterSettings().getHosts())
                .isEqualTo(reactiveSettings.getClusterSettings().getHosts());
        assertThat(blockingSettings.getClusterSettings().getServerSelectionTimeout(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(reactiveSettings.getClusterSettings()
                                           .getServerSelectionTimeout(java.util.concurrent.TimeUnit.MILLISECONDS));
        assertThat(blocking.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok")).isNotNull();
    }
}
