package jp.kanmin.command.support;

import reactor.core.publisher.Mono;

/**
 * Remembers which request each idempotency key was first used for, across restarts and nodes. The aggregates make
 * a repeated request harmless; this store refuses a key reused for a different request.
 */
public interface IdempotencyKeys {

    /**
     * Records {@code fingerprint} for {@code requestId} if it is new; completes empty when the key is new or was used
     * for the same request, and fails with a conflict when it was used for another one.
     */
    Mono<Void> claim(String requestId, String fingerprint);
}
