package jp.kanmin.command.participation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.roster.IncidentRosters;
import jp.kanmin.command.support.CommandSender;
import jp.kanmin.command.support.IdempotencyKey;
import jp.kanmin.command.support.Retriable;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationCommands.CompleteTask;
import jp.kanmin.shared.participation.ParticipationCommands.ReassignTask;
import jp.kanmin.shared.participation.ParticipationCommands.StartTask;
import jp.kanmin.shared.participation.ParticipationCommands.WaiveTask;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.plan.TaskId;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * An organisation works through its phase tasks: start, complete by hand, waive with a reason, or hand over. The
 * coordinating HQ may do the same on another organisation's behalf (name it in {@code organisationId}), as when the
 * city takes over for a chamber whose staff are all affected.
 */
@Tag(name = "Tasks")
@RestController
@RequestMapping("/api/incidents/{incidentId}/tasks/{taskId}")
class TaskCommandController {

    static final String ORGANISATION_ID = "[a-z0-9][a-z0-9-]{1,62}";

    private final CommandSender commands;
    private final IncidentRosters rosters;

    TaskCommandController(CommandSender commands, IncidentRosters rosters) {
        this.commands = commands;
        this.rosters = rosters;
    }

    /**
     * @param organisationId whose task; the caller's own if omitted
     * @param text           a note (start, complete) or the reason (waive, reassign)
     * @param to             the organisation taking the task over (reassign)
     */
    @Schema(example = """
            {"text": "団地対策本部を設置"}""")
    record TaskRequest(@Pattern(regexp = ORGANISATION_ID) String organisationId,
                       @Size(max = 2000) String text,
                       @Pattern(regexp = ORGANISATION_ID) String to,
                       @Size(max = 128) String commandId) implements Retriable {
    }

    record TaskChanged(String incidentId, String organisationId, String taskId, Long position) {
    }

    @Operation(summary = "Start a task", description = """
            Marks one of the organisation's phase tasks as started, with an optional note.""")
    @PostMapping("/start")
    Mono<TaskChanged> start(@PathVariable IncidentId incidentId, @PathVariable TaskId taskId,
                            @Valid @RequestBody TaskRequest request,
                            IdempotencyKey key,
                            @AuthenticationPrincipal Caller caller) {
        return act(incidentId, taskId, request, key, caller, "start",
                   participation -> new StartTask(participation, taskId, request.text()));
    }

    @Operation(summary = "Complete a task by hand", description = """
            Completes a task that no report or exchange completes by itself (e.g. 団地対策本部の設置), with an optional
            note. The coordinating HQ may act for another organisation by naming it in `organisationId`, as
            when the city takes over for a chamber whose staff are all affected.""")
    @PostMapping("/complete")
    Mono<TaskChanged> complete(@PathVariable IncidentId incidentId, @PathVariable TaskId taskId,
                               @Valid @RequestBody TaskRequest request,
                               IdempotencyKey key,
                               @AuthenticationPrincipal Caller caller) {
        return act(incidentId, taskId, request, key, caller, "complete",
                   participation -> new CompleteTask(participation, taskId, request.text()));
    }

    @Operation(summary = "Waive a task", description = """
            A task that does not apply this time is waived; `text` gives the reason.""")
    @PostMapping("/waive")
    Mono<TaskChanged> waive(@PathVariable IncidentId incidentId, @PathVariable TaskId taskId,
                            @Valid @RequestBody TaskRequest request,
                            IdempotencyKey key,
                            @AuthenticationPrincipal Caller caller) {
        return act(incidentId, taskId, request, key, caller, "waive",
                   participation -> new WaiveTask(participation, taskId, request.text()));
    }

    @Operation(summary = "Hand a task over", description = """
            Hands a task to another participating organisation (`to`), with the reason in `text`; its deadline
            stays.""")
    @PostMapping("/reassign")
    Mono<TaskChanged> reassign(@PathVariable IncidentId incidentId, @PathVariable TaskId taskId,
                               @Valid @RequestBody TaskRequest request,
                               IdempotencyKey key,
                               @AuthenticationPrincipal Caller caller) {
        if (request.to() == null) {
            return Mono.error(RuleViolation.invalid("to", "required", "name the organisation taking the task over"));
        }
        OrganisationId to = OrganisationId.of(request.to());
        return rosters.of(incidentId)
                    .flatMap(roster -> roster.takesPart(to) ? Mono.empty() : Mono.error(RuleViolation.invalid(
                            "to", "participant", "'" + to + "' does not take part in this incident")))
                    .then(act(incidentId, taskId, request, key, caller, "reassign",
                              participation -> new ReassignTask(participation, taskId, to, request.text())));
    }

    private Mono<TaskChanged> act(IncidentId incident, TaskId task, TaskRequest request,
                                  IdempotencyKey key, Caller caller, String action,
                                  java.util.function.Function<ParticipationId, Object> command) {
        OrganisationId owner = request.organisationId() == null ? caller.organisationId()
                : OrganisationId.of(request.organisationId());
        ParticipationId participation = new ParticipationId(incident, owner);
        Mono<Void> allowed = owner.equals(caller.organisationId()) || caller.isAdmin() ? Mono.empty()
                : rosters.of(incident)
                         .flatMap(roster -> roster.isCoordinatingHq(caller.organisationId()) ? Mono.<Void>empty()
                                 : Mono.error(RuleViolation.forbidden(
                               "own-tasks-only", "only the coordinating HQ acts on another organisation's tasks")));
        return allowed.then(commands.send(caller, key,
                                          action + " " + participation + " " + task, request,
                                          requestId -> command.apply(participation)))
                      .map(sent -> new TaskChanged(incident.value(), owner.value(), task.value(), sent.position()));
    }
}
