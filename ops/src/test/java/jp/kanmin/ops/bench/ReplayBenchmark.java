package jp.kanmin.ops.bench;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.access.AdministratorBootstrap;
import jp.kanmin.ops.rebuild.ProjectionRebuilds;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.organisation.OrganisationCommands.RegisterOrganisation;
import jp.kanmin.shared.organisation.OrganisationType;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How fast a review can read an incident back: N staff-safety reports, 100 from each of N/100 organisations, are
 * appended to the sample incident, then the timeline is replayed over SSE at full speed, and the timeline and report
 * read models are rebuilt from the event store, each timed. The events are appended in commits of 1,000, as a busy
 * system would have written them. Last, the heap the node keeps after a full GC while it serves the incident (its
 * timeline page and report list read), against the 512 MiB an incident of a million events should fit in; with
 * {@code --store=memory-process} the events are not on this heap.
 */
final class ReplayBenchmark {

    private static final int COMMIT = 1_000;
    private static final int REPORTS_PER_ORGANISATION = 100;
    private static final double HEAP_TARGET_MIB = 512;

    private ReplayBenchmark() {
    }

    /** Every list and board read of the incident, each read a few times once it holds the appended events. */
    private static final List<String> READS = List.of(
            "/timeline?limit=100", "/reports", "/reports?organisationId=bench-org-00000", "/exchanges",
            "/support-requests", "/damage/businesses", "/damage", "/overview", "/staff-safety/missing",
            "/tasks?organisationId=fukuchiyama-city", "/exchanges/matrix", "/exchanges/compliance", "/silent",
            // a thread of 100 reports, its first and its last page
            "/reports/" + ReportId.derivedFrom("bench/0") + "/history?limit=20",
            "/reports/" + ReportId.derivedFrom("bench/0") + "/history?offset=80&limit=20");
    private static final int READS_EACH = 10;
    private static final double READ_P99_TARGET_MS = 300;
    private static final double RESTART_TARGET_SECONDS = 15;

    static void run(BenchStore store, BenchReport report, int[] sizes) {
        for (int size : sizes) {
            String database = "kanmin-bench-replay-" + size;
            long gcBefore = gcMillis();
            long start = System.nanoTime();
            try (ConfigurableApplicationContext application = FeedBenchmark.start(store, database)) {
                measure(application, report, size);
            }
            report.add("replay, " + size + " events", "GC time share of the run",
                       100.0 * (gcMillis() - gcBefore) / ((System.nanoTime() - start) / 1e6), "%", "target", 10.0,
                       "collections of every kind, this JVM (node and benchmark client)");
            long restart = System.nanoTime();
            try (ConfigurableApplicationContext application = FeedBenchmark.start(store, database)) {
                awaitReady(application);
                report.add("replay, " + size + " events", "restart to ready on that store", seconds(restart), "s",
                           "target", RESTART_TARGET_SECONDS, "context started and the incident's timeline answering");
            }
        }
    }

    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                                                     .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    }

    private static void awaitReady(ConfigurableApplicationContext application) {
        int port = Integer.parseInt(application.getEnvironment().getProperty("local.server.port"));
        String city = cityToken(application);
        WebClient client = WebClient.builder().baseUrl("http://localhost:" + port).build();
        FeedBenchmark.awaitSampleIncident(client, city, IncidentId.derivedFrom("sample/drill").value());
    }

    private static String cityToken(ConfigurableApplicationContext application) {
        return application.getBean(ApiTokens.class)
                          .issue(OrganisationId.of("fukuchiyama-city"), Set.of(Caller.Role.MEMBER),
                                 Duration.ofHours(2), "replay benchmark").block().token();
    }

    private static void measure(ConfigurableApplicationContext application, BenchReport report, int size) {
        System.out.println("Replay and rebuild: " + size + " events");
        int port = Integer.parseInt(application.getEnvironment().getProperty("local.server.port"));
        String city = cityToken(application);
        WebClient client = WebClient.builder().baseUrl("http://localhost:" + port)
                                    .codecs(c -> c.defaultCodecs().maxInMemorySize(1 << 20)).build();
        String incident = IncidentId.derivedFrom("sample/drill").value();
        FeedBenchmark.awaitSampleIncident(client, city, incident);
        ProjectionRebuilds rebuilds = application.getBean(ProjectionRebuilds.class);

        register(application.getBean(CommandGateway.class), size);
        awaitCaughtUp(rebuilds, "directory");
        long appendStart = System.nanoTime();
        append(application.getBean("eventBus", EventStore.class), incident, size);
        double appendSeconds = seconds(appendStart);
        report.add("replay, " + size + " events", "append", size / appendSeconds, "events/s");

        long projectStart = System.nanoTime();
        awaitCaughtUp(rebuilds, "timeline");
        double projectSeconds = seconds(projectStart);
        report.add("replay, " + size + " events", "timeline projected live", size / projectSeconds, "events/s");
        awaitCaughtUp(rebuilds, "reports");
        report.add("replay, " + size + " events", "report read model projected live", size / seconds(projectStart),
                   "events/s", null, null, "counted from the same start as the timeline");

        // the other read models take every appended event too: the replay is timed once they have
        rebuilds.statuses().forEach(status -> awaitCaughtUp(rebuilds, status.name()));
        long replayStart = System.nanoTime();
        long replayed = client.get().uri("/api/incidents/{id}/replay?speed=max&type=StaffSafetyReported", incident)
                              .header(HttpHeaders.AUTHORIZATION, "Bearer " + city)
                              .accept(MediaType.TEXT_EVENT_STREAM).retrieve().bodyToFlux(String.class)
                              .filter(data -> data.contains("StaffSafetyReported")).count().block();
        double replaySeconds = seconds(replayStart);
        report.add("replay, " + size + " events", "SSE replay at speed=max", replayed / replaySeconds, "entries/s",
                   null, null, replayed + " entries");
        // every appended report, plus the sample exercise's three, must come back
        report.add("replay, " + size + " events", "reports missing from the replay", size + 3 - replayed, "count");

        // the timeline and the report books first (the largest), then every other read model that can be rebuilt
        List<String> projections = new ArrayList<>(List.of("timeline", "reports"));
        rebuilds.statuses().stream().filter(ProjectionRebuilds.Status::rebuildable).map(ProjectionRebuilds.Status::name)
                .filter(name -> !projections.contains(name)).sorted().forEach(projections::add);
        for (String projection : projections) {
            long rebuildStart = System.nanoTime();
            rebuilds.rebuild(projection);
            awaitFinished(rebuilds, projection, () -> {
                ProjectionRebuilds.Progress progress = rebuilds.status(projection).rebuild();
                if (progress != null && progress.phase() == ProjectionRebuilds.Phase.FAILED) {
                    throw new IllegalStateException("rebuild of " + projection + " failed: " + progress.failure());
                }
                return progress != null && progress.finished();
            });
            double rebuildSeconds = seconds(rebuildStart);
            long total = rebuilds.status(projection).rebuild().eventsTotal();
            report.add("replay, " + size + " events", "rebuild " + projection, total / rebuildSeconds, "events/s",
                       "timeline projected live", size / projectSeconds, total + " events in the store");
        }

        for (String path : READS) {
            long[] nanos = new long[READS_EACH];
            int done = 0;
            long spent = System.nanoTime();
            while (done < READS_EACH && System.nanoTime() - spent < TimeUnit.MINUTES.toNanos(2)) {
                long start = System.nanoTime();
                client.get().uri("/api/incidents/" + incident + path)
                      .header(HttpHeaders.AUTHORIZATION, "Bearer " + city)
                      .retrieve().toBodilessEntity().block(Duration.ofMinutes(5));
                nanos[done++] = System.nanoTime() - start;
            }
            long[] sorted = java.util.Arrays.stream(nanos, 0, done).sorted().toArray();
            report.add("replay, " + size + " events", "GET " + path + " p99 (of " + done + ")",
                       Percentiles.millis(sorted, 99), "ms", "target", READ_P99_TARGET_MS,
                       // the first read pays for cold code on both sides (the stand-in store's too); say so
                       "first read %.0f ms, median %.0f ms, each in turn %s ms; the incident holding every appended event"
                               .formatted(nanos[0] / 1e6, Percentiles.millis(sorted, 50),
                                          java.util.Arrays.stream(nanos, 0, done)
                                                          .mapToObj(n -> Long.toString(n / 1_000_000))
                                                          .collect(java.util.stream.Collectors.joining(" "))));
        }
        report.add("replay, " + size + " events", "heap after GC, serving the incident",
                   SoakBenchmark.heapAfterGc() / 1048576.0, "MiB", "target", HEAP_TARGET_MIB,
                   "the whole node, its read-model caches and this benchmark's client");

        // last: the fork doubles the store, and the processors project its copies after it answers
        String admin = application.getBean(ApiTokens.class)
                                  .issue(AdministratorBootstrap.OPERATOR, Set.of(Caller.Role.ADMIN),
                                         Duration.ofHours(2), "replay benchmark").block().token();
        resetPeakHeap();
        long exportStart = System.nanoTime();
        long[] exported = new long[2];
        client.get().uri("/api/admin/incidents/{id}/export", incident)
              .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin).retrieve().bodyToFlux(DataBuffer.class)
              .doOnNext(buffer -> {
                  exported[0] += buffer.readableByteCount();
                  for (int i = buffer.readPosition(); i < buffer.writePosition(); i++) {
                      exported[1] += buffer.getByte(i) == '\n' ? 1 : 0;
                  }
                  DataBufferUtils.release(buffer);
              }).blockLast(Duration.ofHours(1));
        report.add("replay, " + size + " events", "export of the incident", seconds(exportStart), "s", null, null,
                   exported[1] + " lines, " + exported[0] / 1048576 + " MiB streamed");
        report.add("replay, " + size + " events", "peak heap during the export", peakHeapMib(), "MiB", "target",
                   HEAP_TARGET_MIB, "sum of the heap pools' peaks: an upper bound");

        resetPeakHeap();
        long forkStart = System.nanoTime();
        Map<?, ?> forked = client.post().uri("/api/incidents/{id}/forks", incident)
                                 .header(HttpHeaders.AUTHORIZATION, "Bearer " + city)
                                 .contentType(MediaType.APPLICATION_JSON)
                                 .bodyValue(Map.of("asOf", Instant.now().toString())).retrieve()
                                 .bodyToMono(Map.class).block(Duration.ofHours(1));
        report.add("replay, " + size + " events", "fork of the incident", seconds(forkStart), "s", null, null,
                   forked.get("eventsCopied") + " events copied");
        report.add("replay, " + size + " events", "peak heap during the fork", peakHeapMib(), "MiB", "target",
                   HEAP_TARGET_MIB, "sum of the heap pools' peaks: an upper bound");
    }

    private static void resetPeakHeap() {
        java.lang.management.ManagementFactory.getMemoryPoolMXBeans().forEach(
                java.lang.management.MemoryPoolMXBean::resetPeakUsage);
    }

    private static double peakHeapMib() {
        return java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / 1048576.0;
    }

    /** The reporting organisations are in the directory, as every participant of a real incident is. */
    private static void register(CommandGateway commands, int size) {
        for (int n = 0; n < size; n += REPORTS_PER_ORGANISATION) {
            OrganisationId organisation = reporter(n);
            commands.sendAndWait(new RegisterOrganisation(organisation, "事業所 " + organisation, null,
                                                          OrganisationType.COMPANY, null, null),
                                 MetaData.with(MessageMetadata.ACTOR, "admin")
                                         .and(MessageMetadata.REQUEST_ID, "bench/register/" + organisation));
        }
    }

    private static OrganisationId reporter(int n) {
        return OrganisationId.of("bench-org-%05d".formatted(n / REPORTS_PER_ORGANISATION));
    }

    private static void append(EventStore events, String incident, int size) {
        Instant now = Instant.now();
        List<GenericDomainEventMessage<?>> commit = new ArrayList<>(COMMIT);
        for (int n = 0; n < size; n++) {
            OrganisationId reporter = reporter(n);
            ParticipationId participation = new ParticipationId(IncidentId.of(incident), reporter);
            int sequence = n % REPORTS_PER_ORGANISATION;
            StaffSafetyReported reported = new StaffSafetyReported(
                    participation, ReportId.derivedFrom("bench/" + n), sequence + 1,
                    new ReportContent.StaffSafety(100 + n % 50, n % 3, 0, 0, null), ReportFacts.observedAt(now));
            commit.add(new GenericDomainEventMessage<>("Participation", participation.toString(), sequence, reported,
                                                       MetaData.with(MessageMetadata.ACTOR, reporter.value())
                                                               .and(MessageMetadata.REQUEST_ID, "bench/" + n)));
            if (commit.size() == COMMIT || n == size - 1) {
                events.publish(commit);
                commit = new ArrayList<>(COMMIT);
            }
        }
    }

    /** Until the live processor has handled every event in the store. */
    static void awaitCaughtUp(ProjectionRebuilds rebuilds, String processor) {
        awaitFinished(rebuilds, processor, () -> {
            ProjectionRebuilds.Status status = rebuilds.status(processor);
            return status.caughtUp() && status.position() >= status.head();
        });
    }

    private static void awaitFinished(ProjectionRebuilds rebuilds, String projection,
                                      java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(projection + " did not finish: " + rebuilds.status(projection));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
