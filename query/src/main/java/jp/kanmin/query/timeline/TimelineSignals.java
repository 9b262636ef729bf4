package jp.kanmin.query.timeline;

import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Tells this node's feeds at once that its own projection wrote an entry, so local subscribers do not wait for the
 * next poll. Entries written by other nodes arrive through polling.
 */
@Component
public class TimelineSignals {

    private final List<BiConsumer<String, Long>> listeners = new CopyOnWriteArrayList<>();

    void appended(String incidentId, long seq) {
        listeners.forEach(listener -> listener.accept(incidentId, seq));
    }

    /** {@code listener} receives the incident and the new entry's seq; it must return quickly. */
    public void onAppended(BiConsumer<String, Long> listener) {
        listeners.add(listener);
    }
}
