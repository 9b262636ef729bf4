package jp.kanmin.ops.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.StdConvertingDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.util.StdConverter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Times are kept to the millisecond, MongoDB's precision. A read model stored in MongoDB and the same read model
 * folded from events for {@code asOf} must agree to the last digit, so no instant finer than a millisecond may enter:
 * the clock ticks in milliseconds, and instants read from requests are truncated.
 */
@Configuration(proxyBeanMethods = false)
class MillisecondTime {

    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Bean
    JacksonModule millisecondInstants() {
        return new SimpleModule("millisecond-instants").setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
                                                           BeanDescription.Supplier description,
                                                           ValueDeserializer<?> deserializer) {
                if (description.getBeanClass() != Instant.class) {
                    return deserializer;
                }
                StdConverter<Object, Instant> truncate = new StdConverter<>() {
                    @Override
                    public Instant convert(Object value) {
                        return ((Instant) value).truncatedTo(ChronoUnit.MILLIS);
                    }
                };
                return new StdConvertingDeserializer<>(truncate, description.getType(), deserializer);
            }
        });
    }
}
