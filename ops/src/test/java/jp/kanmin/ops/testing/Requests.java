package jp.kanmin.ops.testing;

import jp.kanmin.shared.organisation.OrganisationId;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Request bodies as clients send them; the one place tests build them. */
public final class Requests {

    private Requests() {
    }

    public static Map<String, Object> openDrill(Instant zeroHour, OrganisationId... participants) {
        return Map.of("title", "地震対応訓練", "kind", "EARTHQUAKE", "zeroHour", zeroHour.toString(),
                      "mode", "EXERCISE",
                      "participants", Arrays.stream(participants).map(OrganisationId::value).toList());
    }

    public static Map<String, Object> staffSafety(int safe, int injured, int missing) {
        return Map.of("type", "STAFF_SAFETY", "safe", safe, "injured", injured, "missing", missing);
    }

    public static List<Object> list(Object... items) {
        return List.of(items);
    }
}
