package jp.kanmin.ops.bench;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Simulated HQ screens: thousands of SSE subscribers that read only what the benchmark needs from each event (its id
 * and the {@code bench-sent:} stamp) by scanning the bytes as they arrive, on an event loop of their own. A screen
 * that decoded every event into strings and objects (Spring's SSE reader splits lines byte by byte through several
 * operators) cost the shared two cores more than the server it measured.
 */
final class Screens implements AutoCloseable {

    /**
     * What a screen noted of one event: its SSE id, its entry type (the data's first {@code "type"}, or null) and when
     * its command was sent ({@code -1} if not stamped).
     */
    interface Listener {
        void connected();

        void event(long id, String type, long sentNanos, long receivedNanos);
    }

    private final LoopResources loops = LoopResources.create("screens", 1, true);
    private final ConnectionProvider pool;
    private final HttpClient client;

    Screens(String baseUrl, int connections) {
        pool = PooledClient.pool("screens", connections);
        client = PooledClient.over(pool).runOn(loops).baseUrl(baseUrl);
    }

    Disposable open(String path, String token, Listener listener) {
        EventScanner scanner = new EventScanner(listener);
        return client.headers(headers -> {
                         headers.set(HttpHeaderNames.ACCEPT, "text/event-stream");
                         if (token != null) {
                             headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
                         }
                     })
                     .get().uri(path).responseContent()
                     .subscribe(scanner::scan, failure -> System.out.println("  screen failed: " + failure));
    }

    @Override
    public void close() {
        pool.dispose();
        loops.dispose();
    }

    /**
     * Finds each event's {@code id:} line, its first {@code "type":"…"} and its {@code bench-sent:} digits; an empty
     * line ends the event.
     */
    static final class EventScanner {

        private static final byte[] ID = {'i', 'd', ':'};
        private static final byte[] SENT = "bench-sent:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private static final byte[] TYPE = "\"type\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        private final Listener listener;
        private boolean connected;
        private int column;
        private boolean idLine;
        private int sentMatched;
        private boolean sentDigits;
        private long id = -1;
        private long sent = -1;
        private int typeMatched;
        private boolean typeChars;
        private StringBuilder type;
        private byte[] copy = new byte[8192];

        EventScanner(Listener listener) {
            this.listener = listener;
        }

        void scan(ByteBuf bytes) {
            if (!connected) {
                connected = true;
                listener.connected();
            }
            // one bulk copy, then a plain array loop: reading a direct buffer byte by byte checks its bounds each time
            int length = bytes.readableBytes();
            if (copy.length < length) {
                copy = new byte[Math.max(length, 2 * copy.length)];
            }
            bytes.getBytes(bytes.readerIndex(), copy, 0, length);
            for (int i = 0; i < length; i++) {
                process(copy[i]);
            }
        }

        private void process(byte b) {
            if (b == '\n') {
                if (column == 0 && id >= 0) {
                    listener.event(id, type == null ? null : type.toString(), sent, System.nanoTime());
                    id = -1;
                    sent = -1;
                    type = null;
                }
                typeMatched = 0;
                typeChars = false;
                column = 0;
                idLine = false;
                sentMatched = 0;
                sentDigits = false;
                return;
            }
            if (column < ID.length) {
                idLine = (column == 0 || idLine) && b == ID[column];
                column++;
                if (idLine && column == ID.length) {
                    id = 0;
                }
                return;
            }
            column++;
            if (typeChars) {
                if (b == '"') {
                    typeChars = false;
                } else {
                    type.append((char) b);
                }
                return;
            }
            if (type == null && !idLine) {
                if (b == TYPE[typeMatched]) {
                    if (++typeMatched == TYPE.length) {
                        typeChars = true;
                        type = new StringBuilder(32);
                        typeMatched = 0;
                        return;
                    }
                } else {
                    typeMatched = b == TYPE[0] ? 1 : 0;
                }
            }
            boolean digit = b >= '0' && b <= '9';
            if (idLine) {
                if (digit) {
                    id = id * 10 + (b - '0');
                }
            } else if (sentDigits) {
                if (digit) {
                    sent = sent * 10 + (b - '0');
                } else {
                    sentDigits = false;
                }
            } else if (b == SENT[sentMatched]) {
                if (++sentMatched == SENT.length) {
                    sentDigits = true;
                    sent = 0;
                    sentMatched = 0;
                }
            } else {
                sentMatched = b == SENT[0] ? 1 : 0;
            }
        }
    }
}
