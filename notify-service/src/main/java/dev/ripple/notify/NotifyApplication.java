package dev.ripple.notify;

import dev.ripple.notify.config.KafkaTopicProperties;
import dev.ripple.notify.config.NotifyProperties;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** notify-service: turns follow attributions into alerts and delivers them as signed webhooks. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class NotifyApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The application, checking its own settings before any bean is created: a bad value stops start-up with a
     * message naming it, before anything tries to reach Kafka or PostgreSQL.
     */
    static SpringApplication application() {
        SpringApplication application = new SpringApplication(NotifyApplication.class);
        application.addInitializers(context -> {
            Binder binder = Binder.get(context.getEnvironment());
            binder.bindOrCreate("ripple.notify", NotifyProperties.class);
            binder.bindOrCreate("ripple.kafka", KafkaTopicProperties.class);
        });
        return application;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
