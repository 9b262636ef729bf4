package jp.kanmin.query.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.organisation.RelationType;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The organisation directory, readable by every organisation (an HQ needs it to invite participants). */
@ReadsFrom(ReadsFrom.DIRECTORY)
@Tag(name = "Organisations")
@RestController
@RequestMapping("/api/organisations")
class DirectoryController {

    private final ReactiveMongoTemplate mongo;

    DirectoryController(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Operation(summary = "Search the directory (組織台帳)", description = """
            Searches organisations by part of the name (Japanese or English) or id, optionally by type; active
            ones unless `includeRetired=true`. Every organisation may read the directory: an HQ needs it to
            invite participants.""")
    @GetMapping
    Flux<OrganisationView> search(@RequestParam(required = false) String q,
                                  @RequestParam(required = false) OrganisationType type,
                                  @RequestParam(defaultValue = "false") boolean includeRetired,
                                  @RequestParam(defaultValue = "200") int limit) {
        if (limit < 1 || limit > 1000) {
            return Flux.error(RuleViolation.invalid("limit", "range", "limit must be between 1 and 1000"));
        }
        Query query = new Query();
        if (type != null) {
            query.addCriteria(Criteria.where("type").is(type.name()));
        }
        if (!includeRetired) {
            query.addCriteria(Criteria.where("status").is("ACTIVE"));
        }
        if (q != null && !q.isBlank()) {
            String quoted = Pattern.quote(q.strip());
            query.addCriteria(new Criteria().orOperator(Criteria.where("name").regex(quoted, "i"),
                                                        Criteria.where("nameEn").regex(quoted, "i"),
                                                        Criteria.where("_id").regex(Pattern.quote(q.strip().toLowerCase(Locale.ROOT)))));
        }
        return mongo.find(query.with(Sort.by("name")).limit(limit), OrganisationView.class);
    }

    /** An organisation with the relations pointing to it as well as from it. */
    record OrganisationDetail(OrganisationView organisation, List<IncomingRelation> incoming) {
    }

    record IncomingRelation(String type, String from) {
    }

    @Operation(summary = "Read an organisation", description = """
            An organisation with the relations pointing to it as well as from it.""")
    @GetMapping("/{organisationId}")
    Mono<OrganisationDetail> get(@PathVariable OrganisationId organisationId) {
        return find(organisationId).zipWith(
                mongo.find(Query.query(Criteria.where("relations.target").is(organisationId.value())),
                           OrganisationView.class)
                     .flatMapIterable(from -> from.relations().stream()
                                                  .filter(r -> r.target().equals(organisationId.value()))
                                                  .map(r -> new IncomingRelation(r.type(), from.organisationId()))
                                                  .toList())
                     .collectList(),
                OrganisationDetail::new);
    }

    /** The reporting chain (連絡体制) around an organisation: everything connected to it by REPORTS_TO edges. */
    record ReportingChain(List<OrganisationView> organisations, List<Edge> edges) {
    }

    record Edge(String from, String to) {
    }

    @Operation(summary = "Read a reporting chain (連絡体制)", description = """
            Everything connected to an organisation by `REPORTS_TO` edges: whom it reports to and who reports
            to it, as far as the chain goes.""")
    @GetMapping("/{organisationId}/reporting-chain")
    Mono<ReportingChain> reportingChain(@PathVariable OrganisationId organisationId) {
        return find(organisationId).then(mongo.findAll(OrganisationView.class).collectList())
                                   .map(all -> chainAround(organisationId.value(), all));
    }

    static ReportingChain chainAround(String start, List<OrganisationView> all) {
        Map<String, OrganisationView> byId = all.stream().collect(
                Collectors.toMap(OrganisationView::organisationId, Function.identity()));
        List<Edge> edges = all.stream()
                              .flatMap(o -> o.relations().stream()
                                             .filter(r -> r.type().equals(RelationType.REPORTS_TO.name()))
                                             .map(r -> new Edge(o.organisationId(), r.target())))
                              .toList();
        Set<String> reached = new LinkedHashSet<>(List.of(start));
        Deque<String> frontier = new ArrayDeque<>(reached);
        while (!frontier.isEmpty()) {
            String current = frontier.pop();
            for (Edge edge : edges) {
                String next = edge.from().equals(current) ? edge.to() : edge.to().equals(current) ? edge.from() : null;
                if (next != null && reached.add(next)) {
                    frontier.push(next);
                }
            }
        }
        return new ReportingChain(reached.stream().map(byId::get).filter(java.util.Objects::nonNull).toList(),
                                  edges.stream().filter(e -> reached.contains(e.from())).toList());
    }

    private Mono<OrganisationView> find(OrganisationId organisationId) {
        return mongo.findById(organisationId.value(), OrganisationView.class)
                    .switchIfEmpty(Mono.error(() -> RuleViolation.notFound(
                            "organisation-not-found", "no organisation " + organisationId)));
    }
}
