package jp.kanmin.query.support;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests asking for the same position or less share one read of a book; others read for themselves. */
class SharedReadsTest {

    final SharedReads reads = new SharedReads();
    final AtomicInteger loads = new AtomicInteger();

    Mono<Integer> read(String incident, long atLeast) {
        Mono<Integer> read = reads.read("tasks", incident, () -> Mono.fromCallable(loads::incrementAndGet));
        return atLeast == 0 ? read : read.contextWrite(Context.of(SharedReads.AT_LEAST, atLeast));
    }

    @Test
    void requestsAskingForAPositionTheReadHoldsShareIt() {
        assertThat(read("i-1", 100).block()).isEqualTo(1);
        assertThat(read("i-1", 100).block()).isEqualTo(1);
        assertThat(read("i-1", 90).block()).as("an earlier position is held by the same read").isEqualTo(1);
        assertThat(loads).hasValue(1);
    }

    @Test
    void aRequestAskingForALaterPositionReadsAgainAndLaterOnesShareThatRead() {
        read("i-1", 100).block();
        assertThat(read("i-1", 101).block()).isEqualTo(2);
        assertThat(read("i-1", 100).block()).isEqualTo(2);
        assertThat(loads).hasValue(2);
    }

    @Test
    void aRequestNamingNoPositionAndAnotherIncidentReadForThemselves() {
        read("i-1", 100).block();
        assertThat(read("i-1", 0).block()).isEqualTo(2);
        assertThat(read("i-2", 100).block()).isEqualTo(3);
    }

    @Test
    void aFailedReadIsNotKept() {
        AtomicInteger tries = new AtomicInteger();
        Mono<String> failing = reads.read("damage", "i-1", () -> Mono.fromCallable(() -> {
            if (tries.incrementAndGet() == 1) {
                throw new IllegalStateException("store away");
            }
            return "book";
        })).contextWrite(Context.of(SharedReads.AT_LEAST, 5L));

        assertThat(failing.onErrorReturn("failed").block()).isEqualTo("failed");
        assertThat(failing.block()).isEqualTo("book");
    }

    @Test
    void aReadIsNotSharedOnceItIsOlderThanASecond() throws InterruptedException {
        read("i-1", 100).block();
        Thread.sleep(SharedReads.FRESH.toMillis() + 100);
        assertThat(read("i-1", 100).block()).isEqualTo(2);
    }
}
