package jp.kanmin.query.feed;

import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.timeline.TimelineEntry;
import tools.jackson.databind.json.JsonMapper;

/**
 * A timeline entry on its way to the screens. It is turned into JSON at most once for each way of showing it — with
 * the businesses' names and amounts, or without them ({@link Disclosure}) — however many subscribers receive it:
 * a thousand HQ screens cost two encodings, not a thousand.
 */
public final class SentEntry {

    private final TimelineEntry entry;
    private volatile String whole;
    private volatile String withheld;

    SentEntry(TimelineEntry entry) {
        this.entry = entry;
    }

    public TimelineEntry entry() {
        return entry;
    }

    /** The entry as {@code reader} may see it, as JSON. Two threads may both encode it once; the result is the same. */
    String json(Disclosure.Reader reader, JsonMapper json) {
        if (reader.seesBusinessesOf(entry.organisationId())) {
            String encoded = whole;
            if (encoded == null) {
                whole = encoded = json.writeValueAsString(entry);
            }
            return encoded;
        }
        String encoded = withheld;
        if (encoded == null) {
            withheld = encoded = json.writeValueAsString(entry.shownTo(reader));
        }
        return encoded;
    }
}
