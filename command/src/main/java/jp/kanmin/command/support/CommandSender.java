package jp.kanmin.command.support;

import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Sends commands on behalf of the calling organisation, off the HTTP event loop, and answers with the position of
 * the first event they recorded. A request with an idempotency key is sent once in effect: the key is checked
 * against the request it was first used for, and the aggregate answers a repeat with its first answer.
 */
@Component
public class CommandSender implements DisposableBean {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final CommandGateway gateway;
    private final EventPositions positions;
    private final IdempotencyKeys keys;
    /** Command handling blocks on the store; it must never run on a Netty event-loop thread. */
    private final Scheduler commandThreads = Schedulers.newBoundedElastic(64, 10_000, "command");

    CommandSender(CommandGateway gateway, EventPositions positions, IdempotencyKeys keys) {
        this.gateway = gateway;
        this.positions = positions;
        this.keys = keys;
    }

    /** The web server has stopped taking requests by now; a context closed in a running JVM leaves no threads. */
    @Override
    public void destroy() {
        commandThreads.dispose();
    }

    /**
     * An accepted command: the request id it was sent with and where its first event sits on the timeline; both
     * {@code accepted} and {@code position} are null when the command was already satisfied and recorded nothing.
     */
    public record Sent(String requestId, CommandAccepted accepted, Long position) {

        public boolean changedSomething() {
            return accepted != null;
        }
    }

    /**
     * @param key     the client's idempotency key, from the header or the request
     * @param request the client's request as parsed; a key reused with a different request is refused
     * @param command builds the command from the request id (ids of new things derive from it)
     */
    public Mono<Sent> send(Caller caller, IdempotencyKey key, String route, Object request,
                           Function<String, Object> command) {
        String idempotencyKey = key.of(request);
        String requestId;
        if (idempotencyKey == null) {
            requestId = MessageMetadata.requestId(caller.organisationId().value(), java.util.UUID.randomUUID().toString());
        } else if (!KEY.matcher(idempotencyKey).matches()) {
            String field = key.header() != null ? IdempotencyKey.HEADER : "commandId";
            return Mono.error(RuleViolation.invalid(field, "printable-ascii-1-128",
                                                    field + " must be 1 to 128 printable ASCII characters"));
        } else {
            requestId = MessageMetadata.requestId(caller.organisationId().value(), idempotencyKey);
        }
        MetaData metaData = MetaData.with(MessageMetadata.REQUEST_ID, requestId)
                                    .and(MessageMetadata.ACTOR, caller.organisationId().value());
        Mono<Void> claim = idempotencyKey == null ? Mono.empty() : keys.claim(requestId, fingerprint(route, request));
        return claim.then(Mono.fromFuture(() -> gateway.<Object>send(command.apply(requestId), metaData))
                              .subscribeOn(commandThreads)
                              .map(Optional::of)
                              .defaultIfEmpty(Optional.empty()))
                    .flatMap(result -> {
                        if (result.isEmpty()) {
                            return Mono.just(new Sent(requestId, null, null));
                        }
                        if (!(result.get() instanceof CommandAccepted accepted)) {
                            return Mono.error(new IllegalStateException("command answered " + result.get()));
                        }
                        return positions.positionOf(accepted.aggregateId(), accepted.sequenceNumber())
                                        .map(position -> new Sent(requestId, accepted, position));
                    });
    }

    static String fingerprint(String route, Object request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(route.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
