package jp.kanmin.ops.bench;

import com.sun.net.httpserver.HttpServer;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.notification.NotificationChannel;
import jp.kanmin.shared.notification.NotificationKind;
import jp.kanmin.shared.notification.NotificationRuleCommands;
import jp.kanmin.shared.notification.NotificationRuleCommands.RemoveNotificationRule;
import jp.kanmin.shared.notification.NotificationRuleCommands.SetNotificationRule;
import jp.kanmin.shared.organisation.OrganisationId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What notifications cost the command path: the first-day mix posted with no notification rule, then with every
 * participant asking for every kind by webhook (a receiver in this JVM that answers at once), then without again;
 * closed loop and at a fixed offered rate. Beside: notifications delivered per second and the time from an entry to
 * its delivery.
 */
final class NotificationBenchmark {

    /** Issue 25: the pipeline lowers the command path's figures by no more than a tenth. */
    static final double LEAST_RATIO = 0.9;
    private static final int IN_FLIGHT = 16;

    private NotificationBenchmark() {
    }

    /** One delivery as the receiver saw it: the entry's time (from the body) and when it arrived. */
    private record Arrival(Instant recordedAt, Instant arrivedAt) {
    }

    static void run(BenchStore store, BenchReport report, int organisations, int rate, Duration step) {
        String scenario = "notifications, " + organisations + " organisations";
        System.out.println("Notifications: " + organisations + " organisations, closed loop and " + rate
                           + " commands/s, " + step.toSeconds() + " s each, without and with rules");
        ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
        JsonMapper json = JsonMapper.builder().build();
        HttpServer receiver = receiver(arrivals, json);
        try (ConfigurableApplicationContext application = FeedBenchmark.start(store, "kanmin-bench-notifications")) {
            FirstDay day = FirstDay.prepare(application, organisations, 2_000);
            try {
                CommandGateway commands = application.getBean(CommandGateway.class);
                day.closedLoop(IN_FLIGHT, step); // warm-up
                // without rules before and after the run with them, so that warming up favours neither
                double closedBefore = rate(day.closedLoop(IN_FLIGHT, step), step);
                BurstBenchmark.Step openBefore = BurstBenchmark.offer(day, rate, step);

                rules(commands, day.participants(), "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
                arrivals.clear();
                long started = System.nanoTime();
                double closedWith = rate(day.closedLoop(IN_FLIGHT, step), step);
                // latency at the fixed rate only: in the closed loop every processor trails a saturated machine
                int deliveredInClosedLoop = arrivals.size();
                arrivals.clear();
                Instant fixedRateFrom = Instant.now();
                BurstBenchmark.Step openWith = BurstBenchmark.offer(day, rate, step);
                Thread.sleep(3_000); // the last entries' deliveries
                double seconds = (System.nanoTime() - started) / 1e9;
                int delivered = deliveredInClosedLoop + arrivals.size();
                // not the closed loop's backlog still arriving
                List<Arrival> atFixedRate = arrivals.stream()
                                                    .filter(arrival -> arrival.recordedAt().isAfter(fixedRateFrom))
                                                    .toList();

                rules(commands, day.participants(), null);
                double closedAfter = rate(day.closedLoop(IN_FLIGHT, step), step);
                BurstBenchmark.Step openAfter = BurstBenchmark.offer(day, rate, step);
                double closedWithout = (closedBefore + closedAfter) / 2;
                double p99Without = (openBefore.p99() + openAfter.p99()) / 2;
                report.check(scenario, "HTTP commands with rules, " + IN_FLIGHT + " in flight", closedWith,
                             "commands/s", "the same without rules", closedWithout,
                             "closed loop, first-day mix; without: %.1f before, %.1f after".formatted(closedBefore,
                                                                                                     closedAfter),
                             BenchReport.Threshold.ratioAtLeast(LEAST_RATIO));
                report.check(scenario, "answer p99 with rules at " + rate + "/s", openWith.p99(), "ms",
                             "the same without rules", p99Without,
                             "without: %.1f ms before, %.1f after; p50 %.1f ms with, %.1f and %.1f without".formatted(
                                     openBefore.p99(), openAfter.p99(), openWith.p50(), openBefore.p50(),
                                     openAfter.p50()),
                             BenchReport.Threshold.ratioAtMost(1 / LEAST_RATIO));
                long[] delays = atFixedRate.stream()
                                        .mapToLong(a -> Duration.between(a.recordedAt(), a.arrivedAt()).toNanos())
                                        .sorted().toArray();
                report.add(scenario, "notifications delivered", delivered / seconds, "notifications/s", null,
                           null, delivered + " webhook deliveries in all, " + deliveredInClosedLoop
                                 + " of them in the closed loop");
                report.add(scenario, "entry to delivery p50 at " + rate + "/s", Percentiles.millis(delays, 50), "ms",
                           null, null, delays.length + " deliveries");
                report.add(scenario, "entry to delivery p99 at " + rate + "/s", Percentiles.millis(delays, 99), "ms",
                           null, null, "from the event's time to the receiver; the processor polls the store");
            } finally {
                day.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            receiver.stop(0);
        }
    }

    private static double rate(List<FirstDay.Outcome> outcomes, Duration step) {
        return outcomes.stream().filter(FirstDay.Outcome::ok).count() / (step.toMillis() / 1e3);
    }

    /** Every organisation asks for every kind at {@code url}; with none, their rules are removed. */
    private static void rules(CommandGateway commands, List<OrganisationId> organisations, String url) {
        for (OrganisationId organisation : organisations) {
            String rules = NotificationRuleCommands.rulesIdOf(organisation);
            Object command = url == null ? new RemoveNotificationRule(rules, organisation, "bench")
                    : new SetNotificationRule(rules, organisation, "bench", EnumSet.allOf(NotificationKind.class),
                                              List.of(), NotificationChannel.WEBHOOK, url, "ja");
            commands.sendAndWait(command, MetaData.with(MessageMetadata.ACTOR, "admin").and(
                    MessageMetadata.REQUEST_ID, "bench/rule/" + organisation + "/" + (url == null ? "off" : "on")));
        }
    }

    private static HttpServer receiver(ConcurrentLinkedQueue<Arrival> arrivals, JsonMapper json) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                Instant arrivedAt = Instant.now();
                JsonNode body = json.readTree(new String(exchange.getRequestBody().readAllBytes(),
                                                         StandardCharsets.UTF_8));
                arrivals.add(new Arrival(Instant.parse(body.get("recordedAt").asString()), arrivedAt));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
