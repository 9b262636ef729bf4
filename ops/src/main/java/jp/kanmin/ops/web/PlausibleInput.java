package jp.kanmin.ops.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.StdConvertingDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.util.StdConverter;

import java.time.Instant;

/**
 * What no request may carry, whichever field it is in: a time outside 1900–2199 (a typo or a probe: no incident,
 * report or deadline lies there), and text that is not valid Unicode (an unpaired surrogate, which the store could only
 * keep by changing it, so it could not be returned as sent). Refused as 400 naming the field; control characters and
 * markup are valid text and are stored as sent.
 */
@Configuration(proxyBeanMethods = false)
class PlausibleInput {

    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /** Told apart from other format errors by {@link ProblemHandler}, which names the rule. */
    static final class Implausible extends InvalidFormatException {
        final String rule;

        Implausible(String rule, String message, Object value, Class<?> type) {
            super(null, message, value, type);
            this.rule = rule;
        }
    }

    @Bean
    JacksonModule plausibleInputRules() {
        return new SimpleModule("plausible-input").setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
                                                           BeanDescription.Supplier description,
                                                           ValueDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                if (type == Instant.class) {
                    return new StdConvertingDeserializer<>(check(PlausibleInput::plausibleTime), description.getType(),
                                                           deserializer);
                }
                if (type == String.class) {
                    return new StdConvertingDeserializer<>(check(PlausibleInput::validUnicode), description.getType(),
                                                           deserializer);
                }
                return deserializer;
            }
        });
    }

    private static <T> StdConverter<Object, T> check(java.util.function.Function<Object, T> rule) {
        return new StdConverter<>() {
            @Override
            public T convert(Object value) {
                return rule.apply(value);
            }
        };
    }

    private static Instant plausibleTime(Object value) {
        Instant instant = (Instant) value;
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw new Implausible("plausible-time", "must lie between 1900 and 2199", instant, Instant.class);
        }
        return instant;
    }

    private static String validUnicode(Object value) {
        String text = (String) value;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new Implausible("valid-unicode", "is not valid Unicode (an unpaired surrogate at character "
                                                       + i + ")", text, String.class);
            }
        }
        return text;
    }
}
