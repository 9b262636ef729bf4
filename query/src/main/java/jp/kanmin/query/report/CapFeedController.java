package jp.kanmin.query.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.damage.DeclaredScales;
import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.incident.IncidentAccess;
import jp.kanmin.query.support.Paging;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Comparator;

/** An incident's public reports and declared damage scales as CAP 1.2 alerts in an Atom feed, for prefectural systems and L-Alert. */
@ReadsFrom({ReadsFrom.INCIDENTS, ReadsFrom.REPORTS, ReadsFrom.DAMAGE})
@Tag(name = "Reports")
@RestController
class CapFeedController {

    static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");
    /** The newest alerts of each kind; older ones have long been taken by whoever polls the feed. */
    private static final int PER_KIND = 200;

    private final ReportProjection projection;
    private final DeclaredScales scales;
    private final IncidentAccess access;
    private final Disclosure disclosure;
    private final Clock clock;

    CapFeedController(ReportProjection projection, DeclaredScales scales, IncidentAccess access, Disclosure disclosure, Clock clock) {
        this.projection = projection;
        this.scales = scales;
        this.access = access;
        this.disclosure = disclosure;
        this.clock = clock;
    }

    @Operation(summary = "Public alerts as CAP 1.2 (Atom)", description = """
            The incident's outages, shelters, consultation desks and declared damage scales (被害規模の確定) as OASIS
            CAP 1.2 alerts in an Atom feed, one entry per outage, shelter or desk with its latest report: the first
            report is an `Alert`, a later one an `Update` whose `references` names the report before it, a
            restoration, a closed shelter or desk an `Update` with `AllClear`; a district's scale is an `Alert` when
            first declared and an `Update` of that declaration when declared again, its severity following the
            scale. An exercise's alerts have the status `Exercise`. For prefectural disaster
            systems and L-Alert (公共情報コモンズ), which take CAP.""")
    @GetMapping(value = "/api/incidents/{incidentId}/cap.atom", produces = "application/atom+xml")
    Mono<ResponseEntity<String>> feed(@PathVariable IncidentId incidentId, @AuthenticationPrincipal Caller caller) {
        String incident = incidentId.value();
        return access.readable(incidentId, caller).zipWith(disclosure.reader(incidentId, caller))
                     .flatMap(found -> Flux.fromIterable(CapAlerts.CATEGORIES.keySet())
                             .concatMap(type -> projection.threads(incident, null, type, found.getT2(),
                                                                   Paging.of(0, PER_KIND)))
                             .flatMapIterable(page -> page.entries())
                             .sort(Comparator.comparing((ReportBook.Thread t) -> t.latest().recordedAt()).reversed())
                             .collectList()
                             .flatMap(threads -> Mono.zip(projection.previous(incident, threads),
                                                          scales.of(incident)).map(known -> {
                                 var summary = found.getT1();
                                 CapAlerts.Incident named = new CapAlerts.Incident(
                                         incident, summary.title(), !"REAL".equals(summary.mode()));
                                 return ResponseEntity.ok().contentType(ATOM).body(CapAlerts.feed(
                                         named, threads, known.getT1(), known.getT2(), clock.instant()));
                             })));
    }
}
