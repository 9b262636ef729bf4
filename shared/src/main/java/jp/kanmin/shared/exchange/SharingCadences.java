package jp.kanmin.shared.exchange;

import jp.kanmin.shared.ReferenceData;
import jp.kanmin.shared.report.DamageScale;
import tools.jackson.databind.JsonNode;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sharing cadences of the chambers' plans, read from {@code plans/sharing-cadences.yaml}, with the plain-words
 * reading of their tables that every schedule shows beside it.
 */
public final class SharingCadences {

    private static final SharingCadences DEFAULTS = read("/plans/sharing-cadences.yaml");

    private final String reading;
    private final Map<String, Cadence> cadences;

    private SharingCadences(String reading, Map<String, Cadence> cadences) {
        this.reading = reading;
        this.cadences = cadences;
    }

    public static SharingCadences defaults() {
        return DEFAULTS;
    }

    /** How the plans' tables are read: offsets, gaps, when a slot is met, late or missed. */
    public String reading() {
        return reading;
    }

    public Set<String> ids() {
        return cadences.keySet();
    }

    public boolean exists(String id) {
        return cadences.containsKey(id);
    }

    public List<Cadence> all() {
        return List.copyOf(cadences.values());
    }

    public Cadence cadence(String id) {
        Cadence cadence = cadences.get(id);
        if (cadence == null) {
            throw new IllegalArgumentException("no sharing cadence '" + id + "'; known: " + ids());
        }
        return cadence;
    }

    static SharingCadences read(String resource) {
        JsonNode root = ReferenceData.yaml(SharingCadences.class, resource);
        Map<String, Cadence> cadences = new LinkedHashMap<>();
        for (JsonNode node : root.get("cadences")) {
            String id = node.get("id").asString();
            try {
                Map<DamageScale, List<Band>> byScale = new EnumMap<>(DamageScale.class);
                node.path("byScale").properties().forEach(
                        entry -> byScale.put(DamageScale.valueOf(entry.getKey()), bands(entry.getValue())));
                String untilDeclared = node.path("untilDeclared").asString(null);
                cadences.put(id, new Cadence(id, node.get("name").asString(), node.path("source").asString(""),
                                             untilDeclared == null ? null : DamageScale.valueOf(untilDeclared),
                                             bands(node.path("bands")), byScale));
            } catch (RuntimeException e) {
                throw new IllegalStateException("sharing cadence " + id + ": " + e.getMessage(), e);
            }
        }
        return new SharingCadences(root.path("reading").asString(""), Map.copyOf(cadences));
    }

    private static List<Band> bands(JsonNode list) {
        List<Band> bands = new ArrayList<>();
        for (JsonNode node : list) {
            String from = node.get("from").asString();
            String until = node.path("until").asString(null);
            String ja = node.path("ja").asString("");
            if (node.has("every")) {
                bands.add(new Band(from, until, Band.Rhythm.EVERY, node.get("every").asString(), null, ja));
            } else if (node.has("dailyAt")) {
                List<LocalTime> at = new ArrayList<>();
                node.get("dailyAt").forEach(time -> at.add(LocalTime.parse(time.asString())));
                bands.add(new Band(from, until, Band.Rhythm.DAILY_AT, null, at, ja));
            } else if (node.has("onceWithin")) {
                bands.add(new Band(from, until, Band.Rhythm.ONCE_WITHIN, node.get("onceWithin").asString(), null, ja));
            } else if (node.path("onChange").asBoolean(false)) {
                bands.add(new Band(from, until, Band.Rhythm.ON_CHANGE, null, null, ja));
            } else {
                throw new IllegalArgumentException("band from " + from + " names no rhythm (every, dailyAt, "
                                                           + "onceWithin or onChange)");
            }
        }
        return bands;
    }
}
