package jp.kanmin.shared.incident;

import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;

import java.time.Duration;
import java.time.Instant;

/**
 * An inject (状況付与) of a running exercise: {@code offset} on the scenario's clock, delivered {@code at}
 * (zero hour + offset ÷ speed) to the organisation playing {@code role}, with the report it posts in that
 * organisation's name, if any.
 */
public record ScheduledInject(int number, Duration offset, Instant at, String role, OrganisationId organisationId,
                              String text, ReportContent report, ReportFacts facts) {
}
