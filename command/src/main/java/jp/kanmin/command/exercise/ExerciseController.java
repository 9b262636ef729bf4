package jp.kanmin.command.exercise;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.command.participation.ReportBodies;
import jp.kanmin.command.plan.PlanCatalogue;
import jp.kanmin.command.support.CommandSender;
import jp.kanmin.command.support.IdempotencyKey;
import jp.kanmin.command.support.Retriable;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.exercise.ExerciseScenario;
import jp.kanmin.shared.exercise.ExerciseScenarios;
import jp.kanmin.shared.incident.ScheduledInject;
import jp.kanmin.shared.incident.IncidentCommands.ArchiveExercise;
import jp.kanmin.shared.incident.IncidentCommands.DeleteExercise;
import jp.kanmin.shared.incident.IncidentCommands.ScheduleInjects;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentMode;
import jp.kanmin.shared.incident.IncidentTrigger;
import jp.kanmin.shared.incident.OpenIncident;
import jp.kanmin.shared.incident.Participant;
import jp.kanmin.shared.organisation.OrganisationId;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Workshop exercises (訓練): the shipped scenarios, starting one as an EXERCISE incident whose injects (状況付与) the
 * system then plays at their times while the participants act live, and an administrator's archive and delete.
 */
@Tag(name = "Exercises")
@RestController
class ExerciseController {

    private final ExerciseScenarios scenarios = ExerciseScenarios.shipped();
    private final CommandSender commands;
    private final KnownOrganisations known;
    private final PlanCatalogue plans;
    private final ReportBodies reports;
    private final Clock clock;

    ExerciseController(CommandSender commands, KnownOrganisations known, PlanCatalogue plans, ReportBodies reports,
                       Clock clock) {
        this.commands = commands;
        this.known = known;
        this.plans = plans;
        this.reports = reports;
        this.clock = clock;
    }

    /**
     * @param roles    for each of the scenario's roles, the organisation that plays it
     * @param speed    how much faster than real time the injects come (60: a scenario hour a minute); 1 if omitted.
     *                 The plan's deadlines keep real time.
     * @param zeroHour when zero hour falls; if omitted, so that the first inject is told now
     */
    @Schema(example = """
            {"scenario": "earthquake-park", "speed": 60, "roles": {"hq": "fukuchiyama-city",
            "park": "osadano-park", "power": "kansai-power-fukuchiyama", "chamber": "fukuchiyama-chamber"}}""")
    record StartExercise(@NotBlank @Size(max = 64) String scenario,
                         @NotNull @Size(max = 50) Map<String, @NotBlank String> roles,
                         @Positive @DecimalMax("3600") Double speed,
                         Instant zeroHour,
                         @Size(max = 200) String title,
                         @Size(max = 128) String commandId) implements Retriable {
    }

    /** @param position where the exercise's scheduling landed on its timeline: read with atLeast to see it all */
    record ExerciseStarted(String incidentId, String scenario, Instant zeroHour, double speed,
                           List<ScheduledInject> injects, Long position) {
    }

    record ExerciseChanged(String incidentId, Long position) {
    }

    @Operation(summary = "List exercise scenarios", description = """
            The shipped scenarios with their roles and injects (状況付与).""")
    @GetMapping("/api/exercises/scenarios")
    List<ExerciseScenario> scenarios() {
        return scenarios.all();
    }

    @Operation(summary = "Read an exercise scenario", description = """
            One scenario: its roles, and each inject with its time and report.""")
    @GetMapping("/api/exercises/scenarios/{id}")
    ExerciseScenario scenario(@PathVariable String id) {
        return scenarios.find(id).orElseThrow(() -> RuleViolation.notFound("scenario-not-found", "no scenario " + id));
    }

    @Operation(summary = "Start an exercise (訓練)", description = """
            Opens an EXERCISE incident with every role's organisation taking part and schedules the injects,
            which the system plays at their times (`speed` times faster than real time; the plan's deadlines
            keep real time) while the participants act live. Every message of an exercise is marked 【訓練】.""")
    @PostMapping("/api/exercises")
    Mono<ResponseEntity<ExerciseStarted>> start(@Valid @RequestBody StartExercise request,
                                                IdempotencyKey key,
                                                @AuthenticationPrincipal Caller caller) {
        ExerciseScenario scenario = scenarios.find(request.scenario()).orElseThrow(() -> RuleViolation.invalid(
                "scenario", "one-of", "scenario must be one of " + scenarios.all().stream()
                                                                          .map(ExerciseScenario::id).toList()));
        Map<String, OrganisationId> cast = cast(scenario, request.roles());
        double speed = request.speed() == null ? 1 : request.speed();
        Instant zeroHour = request.zeroHour() != null ? request.zeroHour()
                : clock.instant().plus(scaled(scenario.start().negated(), speed));
        List<ScheduledInject> injects = injects(scenario, cast, zeroHour, speed);
        String title = request.title() != null && !request.title().isBlank() ? request.title().strip()
                : scenario.title();
        return known.participants(cast.values(), "roles").flatMap(participants -> {
            Participant hq = mustPlayTheirRoles(scenario, cast, participants);
            return commands.send(caller, key, "POST /api/exercises", request, requestId -> new OpenIncident(
                    IncidentId.derivedFrom(requestId), title, scenario.kind(),
                    IncidentTrigger.defaultFor(scenario.kind(), IncidentMode.EXERCISE), zeroHour,
                    IncidentMode.EXERCISE, hq, Set.copyOf(participants), caller.organisationId(),
                    plans.currentVersion(), jp.kanmin.shared.incident.ObligationsFrom.ZERO_HOUR));
        }).flatMap(opened -> {
            IncidentId incident = IncidentId.derivedFrom(opened.requestId());
            return commands.send(caller, key.andThen("#injects", request), "POST /api/exercises#injects",
                                 request, requestId -> new ScheduleInjects(incident, scenario.id(), speed, injects,
                                                                           caller.organisationId(), caller.isAdmin()))
                           .map(scheduled -> ResponseEntity.created(URI.create("/api/incidents/" + incident))
                                                           .body(new ExerciseStarted(
                                                                   incident.value(), scenario.id(), zeroHour, speed,
                                                                   injects, scheduled.position() != null
                                                                           ? scheduled.position()
                                                                           : opened.position())));
        });
    }

    @Operation(summary = "Archive an exercise (訓練の保管)", description = """
            Closes the exercise and takes it off the incident list (still listed with `archived=true`).
            Administrators only.""")
    @PostMapping("/api/admin/exercises/{incidentId}/archive")
    Mono<ExerciseChanged> archive(@PathVariable IncidentId incidentId,
                                  IdempotencyKey key,
                                  @AuthenticationPrincipal Caller caller) {
        return commands.send(caller, key, "archive " + incidentId, null,
                             requestId -> new ArchiveExercise(incidentId, caller.organisationId(), caller.isAdmin()))
                       .map(sent -> new ExerciseChanged(incidentId.value(), sent.position()));
    }

    @Operation(summary = "Delete an exercise (訓練の削除)", description = """
            The exercise leaves every read model and answers 404 from then on; real incidents are refused.
            Administrators only.""")
    @DeleteMapping("/api/admin/exercises/{incidentId}")
    Mono<ExerciseChanged> delete(@PathVariable IncidentId incidentId,
                                 @RequestParam(required = false) @Size(max = 2000) String reason,
                                 IdempotencyKey key,
                                 @AuthenticationPrincipal Caller caller) {
        return commands.send(caller, key, "delete " + incidentId, reason,
                             requestId -> new DeleteExercise(incidentId, reason, caller.organisationId(),
                                                             caller.isAdmin()))
                       .map(sent -> new ExerciseChanged(incidentId.value(), sent.position()));
    }

    private static Map<String, OrganisationId> cast(ExerciseScenario scenario, Map<String, String> roles) {
        Map<String, OrganisationId> cast = new LinkedHashMap<>();
        for (String role : roles.keySet()) {
            if (!scenario.roles().containsKey(role)) {
                throw RuleViolation.invalid("roles." + role, "one-of",
                                            "the scenario has no role " + role + "; its roles: "
                                                    + scenario.roles().keySet());
            }
        }
        for (String role : scenario.roles().keySet()) {
            String organisation = roles.get(role);
            if (organisation == null) {
                throw RuleViolation.invalid("roles." + role, "required", "every role needs an organisation to play it");
            }
            OrganisationId id;
            try {
                id = OrganisationId.of(organisation);
            } catch (IllegalArgumentException e) {
                throw RuleViolation.invalid("roles." + role, "organisation-id", e.getMessage());
            }
            if (cast.containsValue(id)) {
                throw RuleViolation.invalid("roles." + role, "distinct", id + " already plays another role");
            }
            cast.put(role, id);
        }
        return cast;
    }

    private static Participant mustPlayTheirRoles(ExerciseScenario scenario, Map<String, OrganisationId> cast,
                                                  List<Participant> participants) {
        Participant hq = null;
        for (Map.Entry<String, OrganisationId> role : cast.entrySet()) {
            ExerciseScenario.Role wanted = scenario.roles().get(role.getKey());
            Participant playing = participants.stream()
                                              .filter(p -> p.organisationId().equals(role.getValue()))
                                              .findFirst().orElseThrow();
            if (playing.type() != wanted.type()) {
                throw RuleViolation.invalid("roles." + role.getKey(), "organisation-type",
                                            role.getValue() + " is a " + playing.type() + "; the role needs a "
                                                    + wanted.type());
            }
            if (wanted.coordinating()) {
                hq = playing;
            }
        }
        return hq;
    }

    /** Each inject at its time, its report read as the report API would and its "+HH:MM" values made times. */
    private List<ScheduledInject> injects(ExerciseScenario scenario, Map<String, OrganisationId> cast,
                                          Instant zeroHour, double speed) {
        List<ScheduledInject> injects = new ArrayList<>();
        int number = 0;
        for (ExerciseScenario.Inject inject : scenario.injects()) {
            number++;
            Instant at = zeroHour.plus(scaled(inject.at(), speed));
            ReportBodies.Body report = null;
            if (inject.report() != null) {
                Map<String, Object> body = new LinkedHashMap<>(inject.report());
                body.replaceAll((field, value) -> ExerciseScenarios.isOffset(value)
                        ? zeroHour.plus(scaled(ExerciseScenarios.offset((String) value), speed)).toString() : value);
                report = reports.read(body, at, "scenario inject " + number + " report");
            }
            injects.add(new ScheduledInject(number, inject.at(), at, inject.role(), cast.get(inject.role()),
                                            inject.text(), report == null ? null : report.content(),
                                            report == null ? null : report.facts()));
        }
        return injects;
    }

    private static Duration scaled(Duration offset, double speed) {
        return Duration.ofMillis(Math.round(offset.toMillis() / speed));
    }
}
