package jp.kanmin.ops.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.type.LogicalType;

import java.time.Instant;

/**
 * A JSON value of the wrong type is refused, not converted: {@code "safe":"12"} is a string where a count belongs,
 * {@code "note":12} a number where text belongs, {@code "reachable":"false"} or {@code 0} not a boolean, and an enum
 * is named, not numbered. A client that sends such a value has a bug worth hearing about (400 naming the field);
 * quietly converting it would accept "12 people" one day and refuse "twelve" the next.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonTypes {

    @Bean
    JsonMapperBuilderCustomizer wrongJsonTypesAreRefused() {
        return builder -> builder
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .withCoercionConfig(LogicalType.Integer, StrictJsonTypes::onlyNumbers)
                .withCoercionConfig(LogicalType.Float, StrictJsonTypes::onlyNumbers)
                .withCoercionConfig(LogicalType.Boolean, config -> refuse(config, CoercionInputShape.String,
                                                                          CoercionInputShape.Integer,
                                                                          CoercionInputShape.Float))
                .withCoercionConfig(LogicalType.Textual, config -> refuse(config, CoercionInputShape.Integer,
                                                                          CoercionInputShape.Float,
                                                                          CoercionInputShape.Boolean));
    }

    /** An instant is an ISO-8601 string; a number would be read as seconds since 1970 without a word. */
    @Bean
    JacksonModule instantsAreStrings() {
        return new SimpleModule("instants-are-strings").setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
                                                           BeanDescription.Supplier description,
                                                           ValueDeserializer<?> deserializer) {
                return description.getBeanClass() == Instant.class ? new OnlyFromText(deserializer) : deserializer;
            }
        });
    }

    private static final class OnlyFromText extends DelegatingDeserializer {

        OnlyFromText(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new OnlyFromText(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return context.handleUnexpectedToken(Instant.class, parser);
            }
            return super.deserialize(parser, context);
        }
    }

    private static void onlyNumbers(MutableCoercionConfig config) {
        refuse(config, CoercionInputShape.String, CoercionInputShape.Boolean);
    }

    private static void refuse(MutableCoercionConfig config, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            config.setCoercion(shape, CoercionAction.Fail);
        }
    }
}
