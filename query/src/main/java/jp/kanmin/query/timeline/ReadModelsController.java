package jp.kanmin.query.timeline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which read models each timeline entry's event changes, read from the projections' own handlers: a screen that
 * follows the feed re-reads only the panels an entry touched (with {@code atLeast} set to its position), instead of
 * every panel on a timer.
 */
@Tag(name = "Timeline and feeds")
@RestController
@ReadsFrom({})
class ReadModelsController {

    /** @param byEntryType for each entry type (the event's name), the read models ({@link ReadsFrom}) it changes */
    record ReadModels(Map<String, Set<String>> byEntryType) {
    }

    private static final String READ_MODELS = "jp.kanmin.query";

    private final ReadModels readModels;

    ReadModelsController(ApplicationContext context, TimelineEvents events) {
        Map<String, Set<String>> byEntryType = new TreeMap<>();
        context.getBeansWithAnnotation(ProcessingGroup.class).values().forEach(projection -> {
            Class<?> type = AopUtils.getTargetClass(projection);
            if (!type.getPackageName().startsWith(READ_MODELS)) {
                return; // a process manager of the write side, not a read model
            }
            String readModel = AnnotatedElementUtils.findMergedAnnotation(type, ProcessingGroup.class).value();
            ReflectionUtils.doWithMethods(type, handler -> events.knownTypes().forEach(
                    name -> events.eventType(name)
                                  .filter(handler.getParameterTypes()[0]::isAssignableFrom)
                                  .ifPresent(event -> byEntryType.computeIfAbsent(name, any -> new TreeSet<>())
                                                                 .add(readModel))),
                    method -> method.isAnnotationPresent(EventHandler.class) && method.getParameterCount() > 0);
        });
        this.readModels = new ReadModels(byEntryType);
    }

    @Operation(summary = "Which read models each entry changes", description = """
            For each entry type (the event's name), the read models it changes: a screen that follows the feed
            re-reads only the panels an entry touched, with `atLeast` set to its position.""")
    @GetMapping("/api/read-models")
    ReadModels readModels() {
        return readModels;
    }
}
