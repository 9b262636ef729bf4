package jp.kanmin.ops.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Chooses the store before any bean needs it. With a MongoDB URI ({@code KANMIN_MONGO_URI}, {@code kanmin.store.uri}
 * or {@code spring.mongodb.uri}) the application uses that server; without one it starts the embedded store in the
 * data directory and points Spring's MongoDB clients at it.
 */
public class StoreLauncher implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(StoreLauncher.class);

    private EmbeddedStore embedded;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        String configured = firstNonBlank(environment.getProperty("kanmin.store.uri"),
                                          environment.getProperty("spring.mongodb.uri"));
        Map<String, Object> properties = new HashMap<>();
        if (configured != null) {
            logger.info("Store: MongoDB at {}", redact(configured));
            properties.put("spring.mongodb.uri", configured);
        } else if (embedded == null) {
            Path dataDirectory = Path.of(environment.getProperty("kanmin.store.data-dir", "./data"));
            embedded = EmbeddedStore.persistent(dataDirectory);
            properties.put("spring.mongodb.uri", embedded.uri());
            properties.put("kanmin.store.embedded", "true");
            logger.info("Store: {} (set KANMIN_MONGO_URI to use a MongoDB replica set instead)",
                        embedded.description());
        }
        environment.getPropertySources().addFirst(new MapPropertySource("kanminStore", properties));
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** Never log credentials that may be part of a connection string. */
    static String redact(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}
