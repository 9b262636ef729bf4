package jp.kanmin.ops;

import jp.kanmin.ops.store.StoreLauncher;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * One process with both sides of Kanmin Timeline: command handling and the read models, feeds and replay.
 * Without a configured MongoDB it starts the embedded store first and stops it last.
 */
@SpringBootApplication(scanBasePackages = "jp.kanmin")
@ConfigurationPropertiesScan("jp.kanmin")
@EnableScheduling
public class KanminApplication {

    public static void main(String[] args) {
        StoreLauncher store = new StoreLauncher();
        SpringApplication application = new SpringApplication(KanminApplication.class);
        application.addListeners(store);
        // Our own hook: the context must close (processors release their claims) before the store goes away.
        application.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context;
        try {
            context = application.run(args);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            store.close();
        }, "kanmin-shutdown"));
    }
}
