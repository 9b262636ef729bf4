package jp.kanmin.shared.report;

import jp.kanmin.shared.ReferenceData;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The damage-scale tables (被害規模の目安) of the chambers' plans, read from {@code plans/damage-scale-rules.yaml}, and
 * the suggestion they give for a district's figures: the most severe scale any of whose conditions holds, with the
 * conditions that triggered it. The suggestion informs the chamber and the municipality; only their declaration
 * changes anything.
 */
public final class DamageScaleRules {

    /** What a condition measures. Shares are exact fractions (no floating point), over registered businesses. */
    public enum Metric { POWER_OUTAGE_SHARE, LIGHT_DAMAGE_SHARE, SEVERE_DAMAGE_SHARE, UNREACHABLE, ROADS_CUT }

    public record Condition(Metric metric, BigDecimal atLeast, String ja) {

        /** The measured value for {@code figures}: a share, or a count. */
        public BigDecimal valueFor(DistrictFigures figures) {
            return switch (metric) {
                case POWER_OUTAGE_SHARE -> share(figures.powerOutage(), figures);
                case LIGHT_DAMAGE_SHARE -> share(atLeastLight(figures), figures);
                case SEVERE_DAMAGE_SHARE -> share(figures.severeDamage(), figures);
                case UNREACHABLE -> BigDecimal.valueOf(figures.unreachable());
                case ROADS_CUT -> BigDecimal.valueOf(figures.roadsCut());
            };
        }

        public boolean holdsFor(DistrictFigures figures) {
            int denominator = denominator(figures);
            return switch (metric) {
                // count / denominator >= atLeast  ⇔  count >= atLeast × denominator, exactly
                case POWER_OUTAGE_SHARE -> denominator > 0 && atLeastShare(figures.powerOutage(), denominator);
                case LIGHT_DAMAGE_SHARE -> denominator > 0 && atLeastShare(atLeastLight(figures), denominator);
                case SEVERE_DAMAGE_SHARE -> denominator > 0 && atLeastShare(figures.severeDamage(), denominator);
                case UNREACHABLE -> BigDecimal.valueOf(figures.unreachable()).compareTo(atLeast) >= 0;
                case ROADS_CUT -> BigDecimal.valueOf(figures.roadsCut()).compareTo(atLeast) >= 0;
            };
        }

        /** Severe damage is at least light damage (see the rules' reading). */
        private static int atLeastLight(DistrictFigures figures) {
            return figures.lightDamage() + figures.severeDamage();
        }

        private boolean atLeastShare(int count, int denominator) {
            return count > 0 && BigDecimal.valueOf(count).compareTo(atLeast.multiply(BigDecimal.valueOf(denominator))) >= 0;
        }

        private static BigDecimal share(int count, DistrictFigures figures) {
            int denominator = denominator(figures);
            return denominator == 0 ? BigDecimal.ZERO
                    : BigDecimal.valueOf(count).divide(BigDecimal.valueOf(denominator), 4, java.math.RoundingMode.HALF_UP);
        }

        private static int denominator(DistrictFigures figures) {
            return figures.registeredBusinesses() > 0 ? figures.registeredBusinesses() : figures.surveyed();
        }
    }

    /** @param uncovered how a case the plan's table does not cover is read; null when the plan covers them all */
    public record RuleSet(String id, String name, List<Condition> large, List<Condition> damage, String uncovered) {
    }

    /** A condition that held, with the value that made it hold. */
    public record Met(Metric metric, BigDecimal atLeast, BigDecimal value, String ja) {
    }

    public record Suggestion(String ruleSet, DamageScale scale, List<Met> conditions) {
    }

    private static final DamageScaleRules DEFAULTS = read("/plans/damage-scale-rules.yaml");

    private final Map<String, RuleSet> ruleSets;
    private final String reading;

    private DamageScaleRules(Map<String, RuleSet> ruleSets, String reading) {
        this.ruleSets = ruleSets;
        this.reading = reading;
    }

    /** How every table is read, as the data states it. */
    public String reading() {
        return reading;
    }

    /** Every rule set, in the order of the data. */
    public List<RuleSet> all() {
        return List.copyOf(ruleSets.values());
    }

    public static DamageScaleRules defaults() {
        return DEFAULTS;
    }

    public Set<String> ids() {
        return ruleSets.keySet();
    }

    public boolean exists(String id) {
        return ruleSets.containsKey(id);
    }

    public RuleSet ruleSet(String id) {
        RuleSet rules = ruleSets.get(id);
        if (rules == null) {
            throw new IllegalArgumentException("no damage-scale rules '" + id + "'; known: " + ids());
        }
        return rules;
    }

    public Suggestion suggest(String ruleSetId, DistrictFigures figures) {
        RuleSet rules = ruleSet(ruleSetId);
        List<Met> large = met(rules.large(), figures);
        if (!large.isEmpty()) {
            return new Suggestion(ruleSetId, DamageScale.LARGE, large);
        }
        List<Met> damage = met(rules.damage(), figures);
        if (!damage.isEmpty()) {
            return new Suggestion(ruleSetId, DamageScale.DAMAGE, damage);
        }
        return new Suggestion(ruleSetId, DamageScale.ALMOST_NONE, List.of());
    }

    private static List<Met> met(List<Condition> conditions, DistrictFigures figures) {
        return conditions.stream().filter(condition -> condition.holdsFor(figures))
                         .map(c -> new Met(c.metric(), c.atLeast(), c.valueFor(figures), c.ja())).toList();
    }

    static DamageScaleRules read(String resource) {
        JsonNode root = ReferenceData.yaml(DamageScaleRules.class, resource);
        Map<String, RuleSet> sets = new LinkedHashMap<>();
        if (root.path("reading").asString("").isBlank()) {
            throw new IllegalStateException(resource + " must say how its tables are read ('reading')");
        }
        for (JsonNode set : root.get("ruleSets")) {
            String id = set.get("id").asString();
            JsonNode uncovered = set.get("uncovered");
            sets.put(id, new RuleSet(id, set.get("name").asString(), conditions(set.get("large"), id),
                                     conditions(set.get("damage"), id),
                                     uncovered == null ? null : uncovered.asString().strip()));
        }
        return new DamageScaleRules(java.util.Collections.unmodifiableMap(sets),
                                    root.get("reading").asString().strip());
    }

    private static List<Condition> conditions(JsonNode list, String ruleSet) {
        List<Condition> conditions = new ArrayList<>();
        if (list != null) {
            for (JsonNode node : list) {
                try {
                    conditions.add(new Condition(Metric.valueOf(node.get("metric").asString()),
                                                 new BigDecimal(node.get("atLeast").asString()),
                                                 node.path("ja").asString("")));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("damage-scale rules " + ruleSet + ": bad condition " + node, e);
                }
            }
        }
        return List.copyOf(conditions);
    }
}
