package jp.kanmin.command.exchange;

import jp.kanmin.shared.exchange.SharingDirection;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.report.ExchangeTopic;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Set;

/**
 * Who takes part in an incident and which sharing agreements bind them, as the directory and the incidents read
 * models know it.
 */
public interface SharingAgreements {

    /** One direction of an agreement: {@code sender} owes {@code recipient} sharing on {@code topic}. */
    record Obligation(String agreementId, OrganisationId sender, OrganisationId recipient, ExchangeTopic topic,
                      String cadence, String district) {
    }

    /** An obligation in one incident. */
    record Bound(IncidentId incident, Obligation obligation) {
    }

    /**
     * The obligations between organisations taking part in the incident that have {@code organisation} as sender or
     * recipient; waits (briefly) until the incidents read model shows it taking part.
     */
    Mono<List<Obligation>> involving(IncidentId incident, OrganisationId organisation);

    /** An agreement as its holder made it; a null counterpart means each organisation the holder reports to. */
    record Terms(String agreementId, OrganisationId counterpart, ExchangeTopic topic, SharingDirection direction,
                 String cadence, String district) {
    }

    /** The open incidents in which both parties of an agreement take part, with the obligations it makes there. */
    Mono<List<Bound>> bind(OrganisationId holder, Terms terms);

    /** The organisations taking part in the incident, with its coordinating HQ. */
    Mono<Set<OrganisationId>> parties(IncidentId incident);

    /** The organisations {@code organisation} reports to (its reporting-chain parents). */
    Mono<List<OrganisationId>> parentsOf(OrganisationId organisation);
}
