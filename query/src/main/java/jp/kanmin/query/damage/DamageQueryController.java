package jp.kanmin.query.damage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.query.support.SharedReads;
import jp.kanmin.query.directory.OrganisationView;
import jp.kanmin.query.incident.IncidentAccess;
import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import jp.kanmin.query.support.Paging;
import org.springframework.web.server.ServerWebExchange;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The damage picture (被害状況) of an incident: district summaries with their suggested and declared scale, utility
 * outages with their restoration-ETA history, each surveyed business, and the CSV for the immediate report; now or
 * {@code asOf} an instant ("what did the HQ know at 14:00").
 */
@ReadsFrom({ReadsFrom.INCIDENTS, ReadsFrom.DIRECTORY, ReadsFrom.DAMAGE, ReadsFrom.TIMELINE})
@Tag(name = "Damage")
@RestController
@RequestMapping("/api/incidents/{incidentId}")
class DamageQueryController {

    private final DamageProjection projection;
    private final SharedReads reads;
    private final ReactiveMongoTemplate mongo;
    private final TimelineEvents events;
    private final IncidentAccess access;
    private final Disclosure disclosure;
    private final Clock clock;

    DamageQueryController(DamageProjection projection, SharedReads reads, ReactiveMongoTemplate mongo,
                          TimelineEvents events, IncidentAccess access, Disclosure disclosure, Clock clock) {
        this.projection = projection;
        this.reads = reads;
        this.mongo = mongo;
        this.events = events;
        this.access = access;
        this.disclosure = disclosure;
        this.clock = clock;
    }

    @Operation(summary = "Read the damage picture (被害状況)", description = """
            District summaries with their totals, suggested and declared scale, utility outages with their
            restoration-ETA history; now or `asOf` an instant. Every participant sees the district figures:
            sharing them is what the plans ask for.""")
    @GetMapping("/damage")
    Mono<DamageBook.Summary> summary(@PathVariable IncidentId incidentId,
                                     @RequestParam(required = false) Instant asOf,
                                     @AuthenticationPrincipal Caller caller) {
        // live, the answer carries no "now": it changes only when the damage picture does, so its ETag holds
        return access.readable(incidentId, caller).then(summaryOf(incidentId, asOf, asOf));
    }

    @Operation(summary = "Download the damage figures as CSV (即報)", description = """
            The figures of 火災・災害等即報要領 第4号様式(その2) the summary can fill, for a spreadsheet.""")
    @GetMapping(value = "/damage.csv")
    Mono<ResponseEntity<byte[]>> csv(@PathVariable IncidentId incidentId,
                                     @RequestParam(required = false) Instant asOf,
                                     @AuthenticationPrincipal Caller caller) {
        Instant at = asOf != null ? asOf : clock.instant(); // the sheet says when it was taken (時点)
        return access.readable(incidentId, caller).zipWhen(incident -> summaryOf(incidentId, asOf, at)).map(found -> {
            boolean exercise = "EXERCISE".equals(found.getT1().mode());
            ContentDisposition disposition = ContentDisposition.attachment()
                                                               .filename((exercise ? "exercise-damage-" : "damage-")
                                                                         + incidentId + ".csv", StandardCharsets.UTF_8)
                                                               .build();
            return ResponseEntity.ok()
                                 .header(HttpHeaders.CONTENT_TYPE, DamageCsv.MEDIA_TYPE)
                                 .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                                 .body(DamageCsv.of(found.getT2(), exercise).getBytes(StandardCharsets.UTF_8));
        });
    }

    @Operation(summary = "List surveyed businesses (被害調査)", description = """
            One row per surveyed business with its revisions, as far as the disclosure rules let the caller
            see them.""")
    @GetMapping("/damage/businesses")
    Mono<List<DamageBook.Survey>> businesses(@PathVariable IncidentId incidentId,
                                             @RequestParam(required = false) OrganisationId surveyor,
                                             @RequestParam(required = false) String district,
                                             @RequestParam(required = false) Instant asOf,
                                             @RequestParam(required = false) Integer offset,
                                             @RequestParam(required = false) Integer limit,
                                             @AuthenticationPrincipal Caller caller, ServerWebExchange exchange) {
        Paging paging = Paging.of(offset, limit);
        String surveyedBy = surveyor == null ? null : surveyor.value();
        if (asOf == null) {
            return disclosure.reader(incidentId, caller).flatMap(reader -> projection.surveys(
                    incidentId.value(), surveyedBy, district, reader, paging).map(
                    page -> paging.respond(page.entries(), page.total(), exchange)));
        }
        return disclosure.reader(incidentId, caller).flatMap(reader -> book(incidentId, asOf).map(
                book -> paging.slice(book.surveys(surveyedBy, district).stream()
                                         .filter(survey -> reader.seesBusinessesOf(survey.surveyor()))
                                         .toList(), exchange)));
    }

    private Mono<DamageBook.Summary> summaryOf(IncidentId incidentId, Instant asOf, Instant stamp) {
        return book(incidentId, asOf).flatMap(book -> reads.read(ReadsFrom.DIRECTORY,
                                                                  "districts of " + new TreeSet<>(book.districtOwners()),
                                                                  () -> definitions(book))
                .map(definitions -> book.rendered.at(Instant.EPOCH, List.of(String.valueOf(stamp), definitions),
                                                     () -> book.summary(incidentId.value(), stamp, definitions))));
    }

    private Mono<DamageBook> book(IncidentId incidentId, Instant asOf) {
        String incident = incidentId.value();
        if (asOf == null) {
            return reads.read(ReadsFrom.DAMAGE, incident, () -> projection.book(incident));
        }
        return events.replay(incident, asOf, new DamageBook());
    }

    /** Districts as the directory defines them now: registered counts and rule sets are reference data. */
    private Mono<List<DamageBook.DistrictDefinition>> definitions(DamageBook book) {
        if (book.districtOwners().isEmpty()) {
            return Mono.just(List.of());
        }
        return mongo.find(Query.query(where("_id").in(book.districtOwners())), OrganisationView.class)
                    .flatMapIterable(organisation -> organisation.districts() == null ? List.of()
                            : organisation.districts().stream().map(d -> new DamageBook.DistrictDefinition(
                            organisation.organisationId(), d.name(), d.registeredBusinesses(), d.municipality(),
                            d.scaleRules())).toList())
                    .collectList();
    }
}
