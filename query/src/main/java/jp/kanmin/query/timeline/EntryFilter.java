package jp.kanmin.query.timeline;

import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.sharing.ExchangeTopic;
import org.springframework.util.MultiValueMap;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a desk wants to see of a timeline: entries from or about some organisations or organisation types, of some
 * types or categories, about tasks of some tiers, on some topics, or only what concerns the caller (addressed to
 * its organisation or about its tasks). Each parameter may be repeated or comma-separated; parameters combine with
 * AND, values of one parameter with OR.
 */
public record EntryFilter(Set<String> organisations, Set<String> organisationTypes, Set<String> types,
                          Set<String> categories, Set<Integer> tiers, Set<String> topics, String concerning)
        implements Predicate<TimelineEntry> {

    public static final Set<String> CATEGORIES = Set.of("incident", "report", "damage", "task", "exchange", "support",
                                                      "exercise");
    public static final List<String> PARAMETERS = List.of("organisationId", "organisationType", "type", "category",
                                                          "tier", "topic", "concernsMe");

    public static final EntryFilter ALL = new EntryFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                                                          null);

    /** Reads the filter from query parameters; unknown values are refused naming the parameter. */
    public static EntryFilter from(MultiValueMap<String, String> params, String caller, Set<String> knownTypes) {
        Set<String> types = values(params, "type");
        check("type", types, knownTypes);
        Set<String> organisationTypes = values(params, "organisationType");
        check("organisationType", organisationTypes,
              Arrays.stream(OrganisationType.values()).map(Enum::name).collect(Collectors.toSet()));
        Set<String> categories = values(params, "category");
        check("category", categories, CATEGORIES);
        Set<String> topics = values(params, "topic");
        check("topic", topics, Arrays.stream(ExchangeTopic.values()).map(Enum::name).collect(Collectors.toSet()));
        Set<String> tierTexts = values(params, "tier");
        check("tier", tierTexts, Set.of("1", "2", "3"));
        boolean concernsMe = Boolean.parseBoolean(params.getFirst("concernsMe"));
        return new EntryFilter(values(params, "organisationId"), organisationTypes, types, categories,
                               tierTexts.stream().map(Integer::valueOf).collect(Collectors.toSet()), topics,
                               concernsMe ? caller : null);
    }

    private static Set<String> values(MultiValueMap<String, String> params, String name) {
        List<String> raw = params.getOrDefault(name, List.of());
        return raw.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::strip).filter(v -> !v.isEmpty())
                  .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static void check(String parameter, Set<String> values, Set<String> allowed) {
        for (String value : values) {
            if (!allowed.contains(value)) {
                throw RuleViolation.invalid(parameter, "one-of", "'" + value + "' is not one of "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    public boolean isAll() {
        return organisations.isEmpty() && organisationTypes.isEmpty() && types.isEmpty() && categories.isEmpty()
                && tiers.isEmpty() && topics.isEmpty() && concerning == null;
    }

    @Override
    public boolean test(TimelineEntry entry) {
        TimelineEntry.Facets facets = entry.facets();
        return (organisations.isEmpty() || organisations.contains(entry.organisationId()))
                && (organisationTypes.isEmpty() || organisationTypes.contains(facets.organisationType()))
                && (types.isEmpty() || types.contains(entry.type()))
                && (categories.isEmpty() || categories.contains(entry.category()))
                && (tiers.isEmpty() || tiers.contains(facets.tier()))
                && (topics.isEmpty() || topics.contains(facets.topic()))
                && (concerning == null || facets.concerns().contains(concerning));
    }
}
