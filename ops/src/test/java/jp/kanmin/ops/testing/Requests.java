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

    /** 被害調査 of one business in {@code district}: its grade and one priced item per category given. */
    public static Map<String, Object> survey(String businessId, String district, String grade, String estimate,
                                             boolean powerOutage, Map<String, Long> amountsByCategory) {
        List<Map<String, Object>> items = amountsByCategory.entrySet().stream()
                .map(item -> Map.<String, Object>of("category", item.getKey(), "amountYen", item.getValue(),
                                                    "basis", "REPLACEMENT"))
                .toList();
        return Map.of("type", "DAMAGE_SURVEY", "businessId", businessId, "businessName", "事業所 " + businessId,
                      "grade", grade, "estimate", estimate, "powerOutage", powerOutage, "items", items,
                      "area", Map.of("name", district));
    }

    public static List<Object> list(Object... items) {
        return List.of(items);
    }
}
