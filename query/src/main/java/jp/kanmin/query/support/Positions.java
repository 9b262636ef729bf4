package jp.kanmin.query.support;

import jp.kanmin.shared.MessageMetadata;
import org.axonframework.eventhandling.EventMessage;

/** Reads the store position that the event store attaches to every event it hands to a reader. */
public final class Positions {

    private Positions() {
    }

    public static long of(EventMessage<?> message) {
        Object value = message.getMetaData().get(MessageMetadata.GLOBAL_INDEX);
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalStateException("Event " + message.getIdentifier() + " has no global index: is the "
                                                 + "indexed MongoDB event store configured?");
    }

    public static String actorOf(EventMessage<?> message) {
        Object actor = message.getMetaData().get(MessageMetadata.ACTOR);
        return actor == null ? null : actor.toString();
    }
}
