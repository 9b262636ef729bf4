package jp.kanmin.query.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a book has rendered (the HQ overview, the exchange matrix, the damage picture), kept for the requests that
 * come within {@link #WITHIN} after the moment it was rendered for. A kept book answers every board that asks for a
 * position it holds; two hundred boards each rendering the overview of 300 organisations from the same book kept the
 * node's two cores busy rendering the same answer. A moment before the kept one, or a second past it, renders anew,
 * so a clock moved on (and {@code asOf}) is answered as before.
 */
public final class Rendered {

    static final Duration WITHIN = Duration.ofSeconds(1);

    private record Render(Instant at, Object value) {
    }

    private final Map<Object, Render> renders = new ConcurrentHashMap<>();

    /** {@code render}'s answer for {@code at}, or the one kept under {@code key} for less than a second before. */
    @SuppressWarnings("unchecked")
    public <T> T at(Instant at, Object key, Supplier<T> render) {
        Render kept = renders.get(key);
        if (kept != null && !at.isBefore(kept.at()) && Duration.between(kept.at(), at).compareTo(WITHIN) < 0) {
            return (T) kept.value();
        }
        T value = render.get();
        renders.put(key, new Render(at, value));
        return value;
    }
}
