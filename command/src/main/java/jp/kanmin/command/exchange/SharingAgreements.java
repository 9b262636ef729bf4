package jp.kanmin.command.exchange;

import jp.kanmin.command.roster.IncidentRoster;
import jp.kanmin.command.organisation.DirectoryEntry;
import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.shared.sharing.SharingDirection;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.sharing.ExchangeTopic;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which sharing agreements (情報共有の取り決め) bind the parties of an incident, read from the directory's events in
 * the store: an agreement binds two organisations once both take part.
 */
@Component
class SharingAgreements {

    private final KnownOrganisations directory;

    SharingAgreements(KnownOrganisations directory) {
        this.directory = directory;
    }

    /** One direction of an agreement: {@code sender} owes {@code recipient} sharing on {@code topic}. */
    record Obligation(String agreementId, OrganisationId sender, OrganisationId recipient, ExchangeTopic topic,
                      String cadence, String district) {
    }

    /**
     * The obligations among the incident's parties that have {@code organisation} as sender or recipient: those of
     * its own agreements, and those of the parties whose agreements name it ({@code namers}, a superset is fine).
     */
    List<Obligation> involving(IncidentRoster roster, OrganisationId organisation, Set<OrganisationId> namers) {
        Set<OrganisationId> parties = roster.parties();
        Set<OrganisationId> holders = new java.util.LinkedHashSet<>();
        holders.add(organisation);
        namers.stream().filter(parties::contains).forEach(holders::add);
        List<Obligation> obligations = new ArrayList<>();
        for (OrganisationId holder : holders) {
            DirectoryEntry entry = directory.current(holder);
            for (DirectoryEntry.Agreement agreement : entry.agreements().values()) {
                obligations.addAll(among(entry, agreement, parties));
            }
        }
        return obligations.stream().filter(o -> o.sender().equals(organisation) || o.recipient().equals(organisation))
                          .distinct().toList();
    }

    /** The obligations one agreement makes among {@code parties}, both of whom must take part. */
    List<Obligation> among(DirectoryEntry holder, DirectoryEntry.Agreement agreement, Set<OrganisationId> parties) {
        if (!parties.contains(holder.organisationId())) {
            return List.of();
        }
        List<OrganisationId> counterparts = agreement.counterpart() != null ? List.of(agreement.counterpart())
                : holder.parents();
        List<Obligation> obligations = new ArrayList<>();
        for (OrganisationId counterpart : counterparts) {
            if (!parties.contains(counterpart)) {
                continue;
            }
            obligations.add(obligation(agreement, holder.organisationId(), counterpart));
            if (agreement.direction() == SharingDirection.MUTUAL) {
                obligations.add(obligation(agreement, counterpart, holder.organisationId()));
            }
        }
        return obligations;
    }

    private static Obligation obligation(DirectoryEntry.Agreement agreement, OrganisationId sender,
                                         OrganisationId recipient) {
        return new Obligation(agreement.agreementId(), sender, recipient, agreement.topic(), agreement.cadence(),
                              agreement.district());
    }

}
