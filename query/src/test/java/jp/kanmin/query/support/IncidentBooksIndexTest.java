package jp.kanmin.query.support;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paged list's index holds every key of its order, in the order's directions, after the incident, the section and
 * the fields it filters on by equality: MongoDB then reads the page off the index instead of sorting the whole book.
 */
class IncidentBooksIndexTest {

    @Test
    void theNewestFirstOrderOfOneOrganisationIsServedByOneIndexInItsDirections() {
        Sort newestFirst = Sort.by(Sort.Direction.DESC, IncidentBooks.valueField("latest.recordedAt"))
                               .and(Sort.by(Sort.Direction.ASC, "created"));

        Document keys = IncidentBooks.indexFor(newestFirst, "organisationId").getIndexKeys();

        assertThat(keys).containsExactly(
                java.util.Map.entry("incidentId", 1), java.util.Map.entry("section", 1),
                java.util.Map.entry("value.organisationId", 1), java.util.Map.entry("value.latest.recordedAt", -1),
                java.util.Map.entry("created", 1));
    }

    @Test
    void anUnfilteredListIsIndexedByIncidentSectionAndItsOrder() {
        Document keys = IncidentBooks.indexFor(Sort.by(Sort.Direction.ASC, "created")).getIndexKeys();

        assertThat(keys.keySet()).containsExactly("incidentId", "section", "created");
    }
}
