package jp.kanmin.query.support;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A book read once for the requests that may have the same answer. Boards following the feed re-read a panel once its
 * read model has reached the position of the entry that changed it ({@code atLeast}); two hundred boards doing so in
 * the same second folded the same book two hundred times, and the node fell minutes behind. A read begun after a
 * request's wait for position P was over holds everything up to P, so it answers every request asking for P or less:
 * it is shared while it runs and for {@link #FRESH} after. A request that names no position reads for itself.
 * Books are only read once folded, so one may serve many requests at once.
 */
@Component
public class SharedReads {

    /** The key under which read-your-writes puts, in the request's Reactor context, the position it asked for. */
    public static final String AT_LEAST = "kanmin.at-least";
    static final Duration FRESH = Duration.ofSeconds(1);

    /** A read that holds everything up to {@code upTo}, begun at {@code startedAt} (System.nanoTime). */
    private record Read(long upTo, long startedAt, Mono<?> answer) {
    }

    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public <T> Mono<T> read(String readModel, String incidentId, Supplier<Mono<T>> load) {
        return Mono.deferContextual(context -> {
            long wanted = context.getOrDefault(AT_LEAST, 0L);
            if (wanted <= 0) {
                return load.get();
            }
            String key = readModel + "|" + incidentId;
            long now = System.nanoTime();
            Read[] started = new Read[1];
            Read read = reads.compute(key, (k, current) -> {
                if (current != null && current.upTo() >= wanted && now - current.startedAt() < FRESH.toNanos()) {
                    return current;
                }
                started[0] = new Read(wanted, now,
                                      load.get().cache(value -> FRESH, failure -> Duration.ZERO, () -> Duration.ZERO));
                return started[0];
            });
            if (started[0] != null) {
                // the book is let go once no request may take it any more
                Mono.delay(FRESH).subscribe(tick -> reads.remove(key, started[0]));
            }
            return (Mono<T>) read.answer();
        });
    }
}
