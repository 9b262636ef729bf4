package jp.kanmin.ops.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.config.LogContext;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static jp.kanmin.ops.testing.Requests.staffSafety;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Log lines written while a message is handled name its incident, the organisation that acted and the request. */
@ApplicationTest
class LogContextTest {

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    JsonMapper json;

    final Logger logger = (Logger) LoggerFactory.getLogger(LogContext.class);
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void captureDebugLines() {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stopCapturing() {
        logger.setLevel(null);
        logger.detachAppender(lines);
    }

    @Test
    void aReportsCommandAndTheHandlingOfItsEventCarryItsIncidentOrganisationAndRequestId() {
        Api api = new Api(port, tokens);
        OrganisationId park = api.register("park", OrganisationType.INDUSTRIAL_PARK);
        Scenario scenario = Scenario.open(api, park);
        api.as(park).post().uri("/api/incidents/{id}/reports", scenario.incident).header("Idempotency-Key", "log-1")
           .bodyValue(staffSafety(10, 0, 0)).exchange().expectStatus().isCreated();

        await().atMost(Duration.ofSeconds(20)).until(() -> handled("StaffSafetyReported").size() >= 3);
        List<ILoggingEvent> command = handled("PostReport");
        assertThat(command).hasSize(1);
        String requestId = command.getFirst().getMDCPropertyMap().get(LogContext.REQUEST);
        assertThat(requestId).contains("log-1");
        assertThat(List.copyOf(lines.list).stream()
                       .filter(line -> requestId.equals(line.getMDCPropertyMap().get(LogContext.REQUEST))))
                .as("the command and each processor's handling of its event")
                .hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(line -> assertThat(line.getMDCPropertyMap())
                        .containsEntry(LogContext.INCIDENT, scenario.incident)
                        .containsEntry(LogContext.ORGANISATION, park.value()));

        JsonNode structured = json.readTree(ecs(command.getFirst()));
        assertThat(structured.get(LogContext.INCIDENT).asString()).isEqualTo(scenario.incident);
        assertThat(structured.get(LogContext.ORGANISATION).asString()).isEqualTo(park.value());
        assertThat(structured.get(LogContext.REQUEST).asString()).isEqualTo(requestId);
        assertThat(structured.get("message").asString()).startsWith("Handled PostReport");
        assertThat(structured.get(LogContext.MESSAGE).asString()).isEqualTo("PostReport");
    }

    private List<ILoggingEvent> handled(String messageType) {
        return List.copyOf(lines.list).stream()
                   .filter(line -> line.getFormattedMessage().startsWith("Handled " + messageType + " "))
                   .toList();
    }

    /** The line as KANMIN_LOG_FORMAT=ecs writes it. */
    private static String ecs(ILoggingEvent line) {
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setFormat("ecs");
        encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        encoder.start();
        try {
            return new String(encoder.encode(line), StandardCharsets.UTF_8);
        } finally {
            encoder.stop();
        }
    }
}
