package jp.kanmin.ops.task;

import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.RunningApplication;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.ops.testing.TimelineQueries;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A task deadline outlives the process that scheduled it: it fires after a restart, once. */
class DeadlineRestartTest {

    @TempDir
    Path data;

    @AfterEach
    void resetClock() {
        TestClock.INSTANCE.reset();
    }

    @Test
    void aDeadlineScheduledBeforeARestartFiresAfterItExactlyOnce() {
        OrganisationId chamber;
        String incident;
        OrganisationId city;
        try (RunningApplication app = RunningApplication.start(data)) {
            Api api = app.api();
            chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
            Scenario scenario = Scenario.openAt(api, TestClock.INSTANCE.instant(), chamber);
            incident = scenario.incident;
            city = scenario.city;
            scenario.awaitEntries("TaskActivated", 1);
        }

        TestClock.INSTANCE.advance(Duration.ofHours(2).plusMinutes(1));

        try (RunningApplication app = RunningApplication.start(data)) {
            Api api = app.api();
            await().atMost(Duration.ofSeconds(20)).until(() -> staffSafetyOverdue(api, city, incident, chamber).size() == 1);
            // a few more polling rounds: nothing may fire a second time
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(staffSafetyOverdue(api, city, incident, chamber)).hasSize(1);
        }
    }

    private static List<Map<String, Object>> staffSafetyOverdue(Api api, OrganisationId reader, String incident,
                                                                OrganisationId organisation) {
        return TimelineQueries.overdue(api, reader, incident, organisation, "staff-safety");
    }
}
