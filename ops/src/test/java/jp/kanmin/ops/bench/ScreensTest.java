package jp.kanmin.ops.bench;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's screens note every event's id and stamp, however the stream is cut into packets. */
class ScreensTest {

    @Test
    void eventsSplitAcrossPacketsAreEachNotedOnceWithTheirStamp() {
        List<long[]> noted = new ArrayList<>();
        List<String> types = new ArrayList<>();
        int[] connected = new int[1];
        Screens.EventScanner scanner = new Screens.EventScanner(new Screens.Listener() {
            @Override
            public void connected() {
                connected[0]++;
            }

            @Override
            public void event(long id, String type, long sentNanos, long receivedNanos) {
                noted.add(new long[]{id, sentNanos});
                types.add(String.valueOf(type));
            }
        });
        String stream = ":connected to incident x\n\n"
                        + "id:41\nevent:entry\ndata:{\"type\":\"StaffSafetyReported\",\"payload\":{\"type\":\"X\","
                        + "\"note\":\"安否 bench-sent:123456789\",\"bench-x\":1}}\n\n"
                        + ":heartbeat\n\n"
                        + "id:42\nevent:entry\ndata:{\"note\":\"no stamp, bench-\"}\n\n"
                        + "event:lagging\ndata:{\"lastDeliveredPosition\":42}\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int from = 0; from < bytes.length; from += 7) {
            scanner.scan(Unpooled.wrappedBuffer(bytes, from, Math.min(7, bytes.length - from)));
        }

        assertThat(connected[0]).isEqualTo(1);
        assertThat(noted).containsExactly(new long[]{41, 123456789}, new long[]{42, -1});
        assertThat(types).containsExactly("StaffSafetyReported", "null");
    }
}
