package jp.kanmin.ops.config;

import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentScoped;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Puts the incident, the organisation that acted and the request (the correlation id every event of one request
 * carries, also across process managers) into the logging context while a command, an event or a deadline is
 * handled, so that every log line written meanwhile names them; with structured logging
 * ({@code KANMIN_LOG_FORMAT=ecs}) they are fields of the JSON line. At DEBUG it logs each message handled.
 */
public final class LogContext implements MessageHandlerInterceptor<Message<?>> {

    public static final String INCIDENT = "incident";
    public static final String ORGANISATION = "organisation";
    public static final String REQUEST = "requestId";
    public static final String MESSAGE = "messageType"; // not "message": the log line's own field

    private static final Logger logger = LoggerFactory.getLogger(LogContext.class);

    /** How to find the incident in a payload of each class: commands name it in one of their components. */
    private static final ClassValue<Function<Object, IncidentId>> INCIDENT_OF = new ClassValue<>() {
        @Override
        protected Function<Object, IncidentId> computeValue(Class<?> type) {
            return incidentAccessor(type);
        }
    };

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Message<?> message = unitOfWork.getMessage();
        Map<String, String> outer = MDC.getCopyOfContextMap();
        put(INCIDENT, Optional.ofNullable(incidentOf(message.getPayload())).map(IncidentId::value).orElse(null));
        put(ORGANISATION, message.getMetaData().get(MessageMetadata.ACTOR));
        put(REQUEST, message.getMetaData().get(MessageMetadata.REQUEST_ID));
        put(MESSAGE, message.getPayloadType().getSimpleName());
        long start = System.nanoTime();
        try {
            return chain.proceed();
        } finally {
            if (logger.isDebugEnabled()) {
                logger.debug("Handled {} in {} µs", message.getPayloadType().getSimpleName(),
                             (System.nanoTime() - start) / 1_000);
            }
            if (outer == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(outer);
            }
        }
    }

    private static void put(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value.toString());
        }
    }

    static IncidentId incidentOf(Object payload) {
        if (payload instanceof IncidentScoped scoped) {
            return scoped.incidentId();
        }
        return payload == null ? null : INCIDENT_OF.get(payload.getClass()).apply(payload);
    }

    /** The first record component that is an incident id or has one ({@code participationId().incidentId()}). */
    private static Function<Object, IncidentId> incidentAccessor(Class<?> type) {
        if (!type.isRecord()) {
            return payload -> null;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            Method accessor = component.getAccessor();
            if (component.getType() == IncidentId.class) {
                return payload -> (IncidentId) invoke(accessor, payload);
            }
            Optional<Method> nested = Arrays.stream(component.getType().getMethods())
                                            .filter(m -> m.getName().equals("incidentId") && m.getParameterCount() == 0
                                                         && m.getReturnType() == IncidentId.class)
                                            .findFirst();
            if (nested.isPresent()) {
                return payload -> {
                    Object value = invoke(accessor, payload);
                    return value == null ? null : (IncidentId) invoke(nested.get(), value);
                };
            }
        }
        return payload -> null;
    }

    private static Object invoke(Method method, Object target) {
        try {
            return method.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
