package jp.kanmin.ops.health;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;

/**
 * Whether every event processor of this node runs and none of its segments is stuck on a failing event: a node
 * whose read models or process managers have stopped must not be sent readers, though it need not be restarted
 * (the processor retries by itself). Part of the readiness group, not of liveness.
 */
@Component("processors")
class ProcessorsHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;

    ProcessorsHealthIndicator(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    public Health health() {
        Map<String, String> states = new TreeMap<>();
        boolean healthy = true;
        for (var processor : processing.eventProcessors().values()) {
            String state = !processor.isRunning() ? "stopped"
                    : processor.isError() || processor instanceof StreamingEventProcessor streaming
                      && streaming.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState)
                    ? "failing" : "running";
            healthy &= state.equals("running");
            states.put(processor.getName(), state);
        }
        return (healthy ? Health.up() : Health.down()).withDetails(Map.copyOf(states)).build();
    }
}
