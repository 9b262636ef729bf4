package jp.kanmin.ops.testing;

import jp.kanmin.ops.KanminApplication;
import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.store.EmbeddedStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;

/** The application started in this JVM on a persistent embedded store in {@code dataDirectory}. */
public final class RunningApplication implements AutoCloseable {

    private final EmbeddedStore store;
    private final ConfigurableApplicationContext context;

    private RunningApplication(EmbeddedStore store, ConfigurableApplicationContext context) {
        this.store = store;
        this.context = context;
    }

    public static RunningApplication start(Path dataDirectory, String... properties) {
        EmbeddedStore store = EmbeddedStore.persistent(dataDirectory);
        try {
            return new RunningApplication(store, run(store.uri(), "kanmin", properties));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Another node on a store that someone else runs: what a second server behind a load balancer is. */
    public static RunningApplication node(String uri, String database, String... properties) {
        return new RunningApplication(null, run(uri, database, properties));
    }

    /** Given as command-line arguments, so that they win over application.yml (default properties would not). */
    private static ConfigurableApplicationContext run(String uri, String database, String... properties) {
        java.util.Map<String, String> arguments = new java.util.LinkedHashMap<>();
        for (String property : java.util.List.of("spring.mongodb.uri=" + uri, "kanmin.store.database=" + database,
                                                 "server.port=0", "kanmin.sample-data.enabled=false",
                                                 "kanmin.feed.poll-interval=100ms",
                                                 "kanmin.deadlines.poll-interval=200ms")) {
            arguments.put(property.substring(0, property.indexOf('=')), property);
        }
        for (String property : properties) { // a test's own setting replaces the default (a repeated one would join)
            arguments.put(property.substring(0, property.indexOf('=')), property);
        }
        return new SpringApplicationBuilder(KanminApplication.class, TestClock.Configuration.class)
                .registerShutdownHook(false)
                .run(arguments.values().stream().map(property -> "--" + property).toArray(String[]::new));
    }

    public Api api() {
        return new Api(port(), context.getBean(ApiTokens.class));
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public org.springframework.context.ApplicationContext context() {
        return context;
    }

    /** The embedded store this node started, or null for a node on someone else's store. */
    public EmbeddedStore store() {
        return store;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Context first, so processors release their claims while the store is still there. */
    @Override
    public void close() {
        context.close();
        if (store != null) {
            store.close();
        }
    }
}
