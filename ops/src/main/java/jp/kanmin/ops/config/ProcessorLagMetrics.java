package jp.kanmin.ops.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import jp.kanmin.ops.eventstore.IndexedMongoEventStorageEngine;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code kanmin.processor.lag.events}: how many events each segment this node holds is behind the store's head, per
 * processor and segment (Axon's own {@code eventProcessor.latency} gives the lag in time). Refreshed every few seconds
 * with one read of the head, not at every scrape.
 */
@Component
class ProcessorLagMetrics {

    private final EventProcessingConfiguration processing;
    private final IndexedMongoEventStorageEngine events;
    private final MultiGauge lag;

    ProcessorLagMetrics(EventProcessingConfiguration processing, IndexedMongoEventStorageEngine events,
                        MeterRegistry meters) {
        this.processing = processing;
        this.events = events;
        this.lag = MultiGauge.builder("kanmin.processor.lag.events")
                             .description("Events between a processor segment's token and the store's head")
                             .baseUnit("events").register(meters);
    }

    @Scheduled(fixedDelayString = "${kanmin.metrics.lag-interval:5s}")
    void refresh() {
        // the highest index handed out: a head token would also look for gaps among the last 10,000 indexes
        long head = events.allocatedIndex();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        processing.eventProcessors().values().stream()
                  .filter(StreamingEventProcessor.class::isInstance)
                  .map(StreamingEventProcessor.class::cast)
                  .forEach(processor -> processor.processingStatus().forEach((segment, status) -> rows.add(
                          MultiGauge.Row.of(Tags.of("processor", processor.getName(), "segment", String.valueOf(segment)),
                                            Math.max(0, head - status.getCurrentPosition().orElse(-1))))));
        lag.register(rows, true);
    }
}
