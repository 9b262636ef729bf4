package jp.kanmin.shared.exchange;

import jp.kanmin.shared.report.DamageScale;

import java.util.List;
import java.util.Map;

/**
 * How often two organisations share the situation after onset (共有頻度), as a chamber's plan sets it: one list of
 * bands, or one per declared damage scale with the one that applies until a scale is declared.
 */
public record Cadence(String id, String name, String source, DamageScale untilDeclared, List<Band> bands,
                      Map<DamageScale, List<Band>> byScale) {

    public Cadence {
        bands = bands == null ? List.of() : List.copyOf(bands);
        byScale = byScale == null ? Map.of() : Map.copyOf(byScale);
        if (bands.isEmpty() == byScale.isEmpty()) {
            throw new IllegalArgumentException("cadence " + id + " has either bands or bands by scale");
        }
        if (!byScale.isEmpty() && (untilDeclared == null || !byScale.containsKey(untilDeclared))) {
            throw new IllegalArgumentException("cadence " + id + " must say which scale applies until one is declared");
        }
        inOrder(bands);
        byScale.values().forEach(Cadence::inOrder);
    }

    /** Bands start at zero hour and one after another; a stated end lies within the band's run. */
    private static void inOrder(List<Band> bands) {
        if (bands.isEmpty()) {
            return;
        }
        // Months differ in length: check against the zero hour that makes them shortest.
        java.time.ZonedDateTime zero = java.time.ZonedDateTime.of(2027, 1, 31, 0, 0, 0, 0, Band.JAPAN);
        if (!bands.getFirst().start(zero).equals(zero)) {
            throw new IllegalArgumentException("the first band starts at zero hour (P0D)");
        }
        for (int i = 0; i < bands.size(); i++) {
            java.time.ZonedDateTime start = bands.get(i).start(zero);
            java.time.ZonedDateTime next = i + 1 < bands.size() ? bands.get(i + 1).start(zero) : null;
            if (next != null && !next.isAfter(start)) {
                throw new IllegalArgumentException("band from " + bands.get(i + 1).from() + " starts before the one"
                                                           + " before it ends");
            }
            if (bands.get(i).until() != null) {
                java.time.ZonedDateTime until = zero.plus(Band.amount(bands.get(i).until()));
                if (!until.isAfter(start) || (next != null && until.isAfter(next))) {
                    throw new IllegalArgumentException("band from " + bands.get(i).from() + " says it ends at "
                                                               + bands.get(i).until() + ", outside its run");
                }
            }
        }
    }

    public boolean followsScale() {
        return !byScale.isEmpty();
    }

    /** The bands in force under {@code scale} (null: none declared yet). */
    public List<Band> bandsFor(DamageScale scale) {
        if (!followsScale()) {
            return bands;
        }
        List<Band> scaled = byScale.get(scale == null ? untilDeclared : scale);
        return scaled != null ? scaled : byScale.get(untilDeclared);
    }
}
