package jp.kanmin.ops.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.queryhandling.QueryMessage;

import java.util.List;
import java.util.function.Function;

/**
 * Axon's metrics without its capacity monitors. A capacity monitor keeps every message's handling time of the last
 * ten minutes in a skip list, per processor and payload type: memory that grows with the event rate. A rebuild or a
 * million-event replay at a few thousand events a second across ten processors held over five million entries and
 * drove a 512 MiB node into back-to-back full GCs (heap histogram of the replay benchmark, 6 December). The timers
 * kept here are fixed-size; a processor's busy fraction is {@code rate(<timer>_seconds_sum[1m])} on Prometheus.
 */
final class BoundedMetricRegistry extends GlobalMetricRegistry {

    BoundedMetricRegistry(MeterRegistry registry) {
        super(registry);
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventProcessor(
            String name, Function<Message<?>, Iterable<Tag>> tags, Function<Message<?>, Iterable<Tag>> latencyTags) {
        return new MultiMessageMonitor<>(List.of(
                MessageTimerMonitor.buildMonitor(name, getRegistry(), tags),
                EventProcessorLatencyMonitor.builder().meterNamePrefix(name).meterRegistry(getRegistry())
                                            .tagsBuilder(latencyTags).build(),
                MessageCountingMonitor.buildMonitor(name, getRegistry(), tags)));
    }

    @Override
    public MessageMonitor<? super CommandMessage<?>> registerCommandBus(
            String name, Function<Message<?>, Iterable<Tag>> tags) {
        return timedAndCounted(name, tags);
    }

    @Override
    public MessageMonitor<? super QueryMessage<?, ?>> registerQueryBus(
            String name, Function<Message<?>, Iterable<Tag>> tags) {
        return timedAndCounted(name, tags);
    }

    private MessageMonitor<Message<?>> timedAndCounted(String name, Function<Message<?>, Iterable<Tag>> tags) {
        return new MultiMessageMonitor<>(List.of(MessageTimerMonitor.buildMonitor(name, getRegistry(), tags),
                                                 MessageCountingMonitor.buildMonitor(name, getRegistry(), tags)));
    }
}
