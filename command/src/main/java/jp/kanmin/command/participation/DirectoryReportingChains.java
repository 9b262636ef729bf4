package jp.kanmin.command.participation;

import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.command.roster.IncidentRoster;
import jp.kanmin.command.roster.IncidentRosters;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.ReportingChain;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/** The reporting chains as the directory has them, limited to the organisations taking part in the incident. */
@Component
class DirectoryReportingChains implements ReportingChains {

    private final KnownOrganisations directory;
    private final IncidentRosters rosters;
    private final Duration escalateAfter;

    DirectoryReportingChains(KnownOrganisations directory, IncidentRosters rosters,
                             @Value("${kanmin.escalation.after:PT1H}") Duration escalateAfter) {
        this.directory = directory;
        this.rosters = rosters;
        this.escalateAfter = escalateAfter;
    }

    @Override
    public Duration escalateAfter() {
        return escalateAfter;
    }

    @Override
    public ReportingChain of(ParticipationId participation) {
        IncidentRoster roster = rosters.current(participation.incidentId());
        List<OrganisationId> parents = directory.current(participation.organisationId()).parents().stream()
                                                .filter(roster::takesPart).toList();
        return new ReportingChain(parents, roster.coordinatingHq());
    }
}
