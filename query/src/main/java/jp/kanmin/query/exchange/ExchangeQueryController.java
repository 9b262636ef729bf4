package jp.kanmin.query.exchange;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.query.support.SharedReads;
import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.exchange.Cadence;
import jp.kanmin.shared.exchange.SharingCadences;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import jp.kanmin.query.support.Paging;
import org.springframework.web.server.ServerWebExchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Who told whom what and when: exchanges with their acknowledgements, the exchange matrix, compliance with each
 * sharing agreement, organisations gone silent and open support requests; now or {@code asOf} an instant.
 */
@ReadsFrom({ReadsFrom.INCIDENTS, ReadsFrom.DIRECTORY, ReadsFrom.EXCHANGES, ReadsFrom.TIMELINE})
@Tag(name = "Information exchange")
@RestController
class ExchangeQueryController {

    static final Duration DEFAULT_SILENCE = Duration.ofHours(6);
    static final Duration DEFAULT_ACKNOWLEDGEMENT = Duration.ofHours(1);

    private final ExchangeProjection projection;
    private final SharedReads reads;
    private final TimelineEvents events;
    private final Disclosure disclosure;
    private final SharingCadences cadences;
    private final Clock clock;

    ExchangeQueryController(ExchangeProjection projection, SharedReads reads, TimelineEvents events,
                            Disclosure disclosure, SharingCadences cadences, Clock clock) {
        this.projection = projection;
        this.reads = reads;
        this.events = events;
        this.disclosure = disclosure;
        this.cadences = cadences;
        this.clock = clock;
    }

    record Exchanges(String incidentId, Instant asOf, List<ExchangeBook.Exchange> exchanges) {
    }

    record Matrix(String incidentId, Instant asOf, List<ExchangeBook.Cell> cells) {
    }

    record Compliance(String incidentId, Instant asOf, String reading, List<ExchangeBook.Compliance> obligations,
                      Duration acknowledgeWithin, List<ExchangeBook.Acknowledgements> acknowledgements) {
    }

    record Silence(String incidentId, Instant asOf, Duration silentFor, String reading,
                   List<ExchangeBook.Silent> organisations) {
    }

    record SupportRequests(String incidentId, Instant asOf, List<SupportBook.Aged> requests) {
    }

    @Operation(summary = "List exchanges", description = """
            What was shared, with acknowledgements. Each organisation sees what it sent or received; the HQ
            and authorities see everything.""")
    @GetMapping("/api/incidents/{incidentId}/exchanges")
    Mono<Exchanges> exchanges(@PathVariable IncidentId incidentId,
                              @RequestParam(required = false) OrganisationId organisationId,
                              @RequestParam(required = false) Instant asOf,
                              @RequestParam(required = false) Integer offset,
                              @RequestParam(required = false) Integer limit,
                              @AuthenticationPrincipal Caller caller, ServerWebExchange exchange) {
        Paging paging = Paging.of(offset, limit);
        String organisation = organisationId == null ? null : organisationId.value();
        // live, no "now" in the answer: what was shared does not change with time, so its ETag holds
        if (asOf == null) {
            return disclosure.reader(incidentId, caller).flatMap(reader -> projection.exchanges(
                    incidentId.value(), organisation, reader, paging).map(page -> new Exchanges(
                    incidentId.value(), null, paging.respond(page.entries(), page.total(), exchange))));
        }
        return disclosure.reader(incidentId, caller).flatMap(reader -> book(incidentId, asOf).map(book -> new Exchanges(
                incidentId.value(), asOf,
                paging.slice(book.exchanges(organisation).stream()
                                 .filter(x -> reader.seesEveryBusiness() || x.from().equals(reader.organisationId())
                                              || x.recipients().contains(reader.organisationId()))
                                 .toList(), exchange))));
    }

    @Operation(summary = "Read the exchange matrix (情報共有マトリクス)", description = """
            Senders × receivers per topic: last shared, next due, late, missed, unacknowledged; now or `asOf`
            an instant.""")
    @GetMapping("/api/incidents/{incidentId}/exchanges/matrix")
    Mono<Matrix> matrix(@PathVariable IncidentId incidentId, @RequestParam(required = false) Instant asOf,
                        @AuthenticationPrincipal Caller caller) {
        Instant at = at(asOf);
        return disclosure.reader(incidentId, caller).then(book(incidentId, asOf))
                         .map(book -> new Matrix(incidentId.value(), at,
                                                    book.rendered.at(at, "matrix", () -> book.matrix(at))));
    }

    @Operation(summary = "Read sharing compliance", description = """
            Per agreement and direction: slots fallen due, met on time, late (and by how much), missed, and
            the ratio. Per organisation: what it was told and how soon it acknowledged it
            (`acknowledgeWithin`, default 1 h).""")
    @GetMapping("/api/incidents/{incidentId}/exchanges/compliance")
    Mono<Compliance> compliance(@PathVariable IncidentId incidentId, @RequestParam(required = false) Instant asOf,
                                @RequestParam(required = false) Duration acknowledgeWithin,
                                @AuthenticationPrincipal Caller caller) {
        Duration within = acknowledgeWithin != null ? acknowledgeWithin : DEFAULT_ACKNOWLEDGEMENT;
        Instant at = at(asOf);
        return disclosure.reader(incidentId, caller).then(book(incidentId, asOf))
                         .map(book -> new Compliance(incidentId.value(), at, cadences.reading(), book.compliance(at),
                                                     within, book.acknowledgements(at, within)));
    }

    @Operation(summary = "Who has gone silent (連絡の取れない組織)", description = """
            Participants not heard from for `for` (default 6 h): the plans say to presume large-scale damage
            until they are.""")
    @GetMapping("/api/incidents/{incidentId}/silent")
    Mono<Silence> silent(@PathVariable IncidentId incidentId,
                         @RequestParam(name = "for", required = false) Duration silentFor,
                         @RequestParam(required = false) Instant asOf,
                         @AuthenticationPrincipal Caller caller) {
        Duration threshold = silentFor != null ? silentFor : DEFAULT_SILENCE;
        if (threshold.isNegative() || threshold.isZero()) {
            return Mono.error(RuleViolation.invalid("for", "positive", "'for' is a positive ISO-8601 duration, e.g. PT6H"));
        }
        Instant at = at(asOf);
        return disclosure.reader(incidentId, caller).then(book(incidentId, asOf))
                         .map(book -> new Silence(incidentId.value(), at, threshold,
                                                  "No report, sharing, acknowledgement or task work for this long: "
                                                          + "the plans treat an organisation that cannot be reached "
                                                          + "as possibly hit by large-scale damage.",
                                                  book.rendered.at(at, List.of("silent", threshold),
                                                                   () -> book.silent(at, threshold))));
    }

    @Operation(summary = "List support requests (応援要請)", description = """
            Support requests by age: open ones first, the longest waiting first, with each addressee's answer
            and deliveries.""")
    @Tag(name = "Support requests")
    @GetMapping("/api/incidents/{incidentId}/support-requests")
    Mono<SupportRequests> supportRequests(@PathVariable IncidentId incidentId,
                                          @RequestParam(defaultValue = "false") boolean open,
                                          @RequestParam(required = false) Instant asOf,
                                          @RequestParam(required = false) Integer offset,
                                          @RequestParam(required = false) Integer limit,
                                          @AuthenticationPrincipal Caller caller, ServerWebExchange exchange) {
        Instant at = at(asOf);
        Paging paging = Paging.of(offset, limit);
        Mono<SupportBook> book = asOf == null ? projection.supportBook(incidentId.value())
                : events.replay(incidentId.value(), asOf, new SupportBook());
        return disclosure.reader(incidentId, caller).then(book)
                         .map(b -> new SupportRequests(incidentId.value(), at, paging.slice(
                                 b.rendered.at(at, List.of("by age", open), () -> b.byAge(at, open)), exchange)));
    }

    record Cadences(String reading, List<Cadence> cadences) {
    }

    @Operation(summary = "Read the sharing cadences", description = """
            The sharing cadences of the plans (e.g. daily at 10:00 and 15:00 JST for the first week), with how
            their tables are read.""")
    @GetMapping("/api/cadences")
    Cadences cadences() {
        return new Cadences(cadences.reading(), cadences.all());
    }

    private Mono<ExchangeBook> book(IncidentId incidentId, Instant asOf) {
        return asOf == null ? reads.read(ReadsFrom.EXCHANGES, incidentId.value(),
                                         () -> projection.exchangeBook(incidentId.value()))
                : events.replay(incidentId.value(), asOf, new ExchangeBook());
    }

    private Instant at(Instant asOf) {
        return asOf != null ? asOf : clock.instant();
    }
}
