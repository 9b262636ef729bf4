package jp.kanmin.query.support;

import java.nio.charset.StandardCharsets;

/**
 * The text/event-stream wire format, written by hand so that an event is encoded once and its bytes handed to every
 * subscriber (Spring's writer would encode it again for each).
 */
public final class ServerSentEvents {

    private ServerSentEvents() {
    }

    public static byte[] event(String id, String type, String data) {
        StringBuilder text = new StringBuilder(data.length() + 48);
        if (id != null) {
            text.append("id:").append(id).append('\n');
        }
        text.append("event:").append(type).append('\n');
        // a line break inside the data would end the field: each line is a data field of its own
        text.append("data:").append(data.replace("\n", "\ndata:")).append("\n\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] comment(String text) {
        return (":" + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
