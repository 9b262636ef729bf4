package jp.kanmin.query.incident;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import jp.kanmin.query.support.Paging;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.bind.annotation.RequestParam;
import java.util.List;

@ReadsFrom(ReadsFrom.INCIDENTS)
@Tag(name = "Incidents")
@RestController
@RequestMapping("/api/incidents")
class IncidentQueryController {

    private final ReactiveMongoTemplate mongo;
    private final IncidentAccess access;

    IncidentQueryController(ReactiveMongoTemplate mongo, IncidentAccess access) {
        this.mongo = mongo;
        this.access = access;
    }

    @Operation(summary = "List incidents", description = """
            The incidents the caller takes part in or is invited to (all of them for an administrator), newest
            first; archived exercises only with `archived=true`.""")
    @GetMapping
    Mono<List<IncidentSummary>> list(@RequestParam(defaultValue = "false") boolean archived,
                                     @RequestParam(required = false) Integer offset,
                                     @RequestParam(required = false) Integer limit,
                                     @AuthenticationPrincipal Caller caller, ServerWebExchange exchange) {
        Paging paging = Paging.of(offset, limit);
        Query query = caller.isAdmin()
                ? new Query()
                : Query.query(new Criteria().orOperator(
                        Criteria.where("participants").is(caller.organisationId().value()),
                        Criteria.where("invited").is(caller.organisationId().value()),
                        Criteria.where("coordinatingHq").is(caller.organisationId().value())));
        if (!archived) {
            query.addCriteria(Criteria.where("archived").ne(true));
        }
        return mongo.find(query.with(Sort.by(Sort.Direction.DESC, "zeroHour")), IncidentSummary.class)
                    .collectList().map(all -> paging.slice(all, exchange));
    }

    @Operation(summary = "Read an incident", description = """
            An incident's summary: title, kind, mode (real or 訓練), zero hour, coordinating HQ, participants
            and whether it is open.""")
    @GetMapping("/{incidentId}")
    Mono<IncidentSummary> get(@PathVariable IncidentId incidentId, @AuthenticationPrincipal Caller caller) {
        return access.listed(incidentId, caller);
    }
}
