package jp.kanmin.query.feed;

import jp.kanmin.query.support.ServerSentEvents;
import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.timeline.TimelineEntry;
import tools.jackson.databind.json.JsonMapper;

/**
 * A timeline entry on its way to the screens. Its Server-Sent Event — id, type and JSON, as bytes ready for the
 * socket — is made at most once for each way of showing it: with the businesses' names and amounts, or without them
 * ({@link Disclosure}); a thousand HQ screens cost two encodings, not a thousand.
 */
public final class SentEntry {

    private final TimelineEntry entry;
    private volatile byte[] whole;
    private volatile byte[] withheld;

    SentEntry(TimelineEntry entry) {
        this.entry = entry;
    }

    public TimelineEntry entry() {
        return entry;
    }

    /** The entry's event as {@code reader} may see it. Two threads may both encode it once; the bytes are the same. */
    byte[] event(Disclosure.Reader reader, JsonMapper json) {
        if (reader.seesBusinessesOf(entry.organisationId())) {
            byte[] encoded = whole;
            if (encoded == null) {
                whole = encoded = event(json.writeValueAsString(entry));
            }
            return encoded;
        }
        byte[] encoded = withheld;
        if (encoded == null) {
            withheld = encoded = event(json.writeValueAsString(entry.shownTo(reader)));
        }
        return encoded;
    }

    private byte[] event(String data) {
        return ServerSentEvents.event(Long.toString(entry.position()), "entry", data);
    }
}
