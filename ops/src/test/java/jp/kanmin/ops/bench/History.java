package jp.kanmin.ops.bench;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.deadline.MongoDeadlineManager;
import jp.kanmin.ops.eventstore.IndexedMongoEventStorageEngine;
import jp.kanmin.ops.rebuild.ProjectionRebuilds;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A store that has lived: closed incidents and exercises of earlier weeks, each with its participants' reports, as
 * the store of a prefecture's system holds them when the next earthquake comes. The incidents are opened and closed
 * through the API (so every process manager and read model has seen them as it would have); their reports are
 * appended to the event store directly, because posting 200,000 of them one by one would take longer than the soak
 * itself.
 */
final class History {

    private static final int PARTICIPANTS = 40;
    private static final int COMMIT = 10;

    private History() {
    }

    /** Fills the store with {@code incidents} closed incidents (every other one an exercise); answers the events added. */
    static long fill(ConfigurableApplicationContext application, int incidents, int reportsPerIncident) {
        var engine = application.getBean(IndexedMongoEventStorageEngine.class);
        long before = engine.allocatedIndex();
        long started = System.nanoTime();
        int port = Integer.parseInt(application.getEnvironment().getProperty("local.server.port"));
        WebClient client = WebClient.builder().baseUrl("http://localhost:" + port).build();
        CommandGateway commands = application.getBean(CommandGateway.class);
        ApiTokens tokens = application.getBean(ApiTokens.class);
        String run = UUID.randomUUID().toString().substring(0, 6);
        String cityToken = FirstDay.register(commands, tokens, "history-" + run + "-city",
                                             OrganisationType.MUNICIPALITY).token();
        List<OrganisationId> participants = new ArrayList<>();
        for (int n = 0; n < PARTICIPANTS; n++) {
            participants.add(FirstDay.register(commands, tokens, "history-" + run + "-%02d".formatted(n),
                                               n == 0 ? OrganisationType.INDUSTRIAL_PARK : OrganisationType.COMPANY)
                                     .id());
        }
        ProjectionRebuilds rebuilds = application.getBean(ProjectionRebuilds.class);
        ReplayBenchmark.awaitCaughtUp(rebuilds, "directory");

        List<String> opened = new ArrayList<>();
        for (int k = 0; k < incidents; k++) {
            boolean exercise = k % 2 == 1;
            Map<String, Object> body = new HashMap<>(Map.of(
                    "title", (exercise ? "過去の訓練 " : "過去の地震 ") + (k + 1), "kind", "EARTHQUAKE",
                    "zeroHour", Instant.now().minus(Duration.ofDays(7L * (incidents - k) + 1)).toString(),
                    "mode", exercise ? "EXERCISE" : "REAL", "confirmZeroHour", true,
                    "participants", participants.stream().map(OrganisationId::value).toList()));
            opened.add((String) FirstDay.answer(client, cityToken, "/api/incidents", body).get("incidentId"));
        }
        MongoDeadlineManager deadlines = application.getBean(MongoDeadlineManager.class);
        // weeks after their zero hours, every task of these incidents is overdue: let that be recorded first
        settle(deadlines, rebuilds);

        EventStore events = application.getBean("eventBus", EventStore.class);
        for (String incident : opened) {
            append(events, IncidentId.of(incident), participants, reportsPerIncident);
        }
        // the reports went around the aggregates: a node that kept any of them would append after a stale version
        application.getBeansOfType(Cache.class).values().forEach(Cache::removeAll);
        for (String incident : opened) {
            FirstDay.answer(client, cityToken, "/api/incidents/" + incident + "/close", Map.of("reason", "対応終了"));
        }
        settle(deadlines, rebuilds);
        long added = engine.allocatedIndex() - before;
        System.out.printf(java.util.Locale.ROOT, "  history: %d closed incidents, %d events, in %.0f s%n", incidents,
                          added, (System.nanoTime() - started) / 1e9);
        return added;
    }

    /**
     * Staff-safety reports spread over the participants, each continuing its participation's own sequence, ten to a
     * commit as a phone's outbox sends them after a dead spot. A deadline that falls due meanwhile may extend the
     * same participation first: the commit then follows it.
     */
    private static void append(EventStore events, IncidentId incident, List<OrganisationId> participants, int size) {
        Instant now = Instant.now();
        int each = size / participants.size();
        for (OrganisationId reporter : participants) {
            ParticipationId participation = new ParticipationId(incident, reporter);
            for (int from = 0; from < each; from += COMMIT) {
                int first = from;
                int count = Math.min(COMMIT, each - from);
                for (int attempt = 1; ; attempt++) {
                    long sequence = events.lastSequenceNumberFor(participation.toString()).map(l -> l + 1).orElse(0L);
                    List<GenericDomainEventMessage<?>> commit = new ArrayList<>(count);
                    for (int n = first; n < first + count; n++) {
                        String request = "history/" + participation + "/" + n;
                        commit.add(new GenericDomainEventMessage<>(
                                "Participation", participation.toString(), sequence++,
                                new StaffSafetyReported(participation, ReportId.derivedFrom(request), n + 1,
                                                        new ReportContent.StaffSafety(100 + n % 50, n % 3, 0, 0, null),
                                                        ReportFacts.observedAt(now)),
                                MetaData.with(MessageMetadata.ACTOR, reporter.value())
                                        .and(MessageMetadata.REQUEST_ID, request)));
                    }
                    try {
                        events.publish(commit);
                        break;
                    } catch (ConcurrencyException e) {
                        if (attempt == 5) {
                            throw e;
                        }
                    }
                }
            }
        }
    }

    /** No deadline is due and every processor has handled what they added: the soak starts from a quiet node. */
    static void settle(MongoDeadlineManager deadlines, ProjectionRebuilds rebuilds) {
        do {
            awaitQuiet(rebuilds);
        } while (deadlines.runDueDeadlines() > 0);
        awaitQuiet(rebuilds);
    }

    /** Every processor, and what the process managers' commands added, has been handled. */
    private static void awaitQuiet(ProjectionRebuilds rebuilds) {
        for (int round = 0; round < 2; round++) {
            for (ProjectionRebuilds.Status status : rebuilds.statuses()) {
                ReplayBenchmark.awaitCaughtUp(rebuilds, status.name());
            }
        }
    }
}
