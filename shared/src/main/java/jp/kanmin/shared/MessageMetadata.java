package jp.kanmin.shared;

/**
 * Metadata keys that are part of the message contract. Commands carry the request and the acting organisation;
 * events inherit both through Axon's correlation data, so the timeline can always say who asked and which request
 * an event answers. Readers receive each event's global index too.
 */
public final class MessageMetadata {

    /** The client's idempotency key, scoped to the organisation that sent it. */
    public static final String REQUEST_ID = "requestId";
    /** The organisation on whose behalf the command was sent. */
    public static final String ACTOR = "actor";
    /** The event's position in the store: strictly increasing, and the position of its timeline entry. */
    public static final String GLOBAL_INDEX = "globalIndex";
    /**
     * On an event copied into a fork (分岐訓練), the position of the original: history, which read models show and
     * process managers never act on again.
     */
    public static final String FORKED_FROM = "forkedFrom";

    private MessageMetadata() {
    }

    /** Idempotency keys are the client's; two organisations may pick the same one without colliding. */
    public static String requestId(String organisationId, String idempotencyKey) {
        return organisationId + "/" + idempotencyKey;
    }
}
