package jp.kanmin.ops.testing;

import jp.kanmin.ops.KanminApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * The whole application on a random port, on the shared in-memory test store. Tests keep out of each other's way
 * by opening their own incidents with their own organisations.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = {KanminApplication.class, TestClock.Configuration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"kanmin.sample-data.enabled=false", "kanmin.store.database=kanmin-test",
                "kanmin.feed.poll-interval=100ms", "kanmin.deadlines.poll-interval=200ms",
                "kanmin.feed.ring-size=64",
                "kanmin.feed.lagging-grace=3s",
                "kanmin.notifications.poll=100ms", "kanmin.notifications.first-retry=300ms",
                "kanmin.notifications.attempts=4"})
@ContextConfiguration(initializers = ApplicationTest.OnTestStore.class)
public @interface ApplicationTest {

    class OnTestStore implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(
                    new MapPropertySource("testStore", Map.of("spring.mongodb.uri", TestStore.uri(),
                                                              "spring.mail.host", "127.0.0.1",
                                                              "spring.mail.port", TestMail.port())));
        }
    }
}
