package jp.kanmin.ops.rebuild;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.util.List;

/** Administrators see every event processor's progress and rebuild read models (the security rules restrict /api/admin). */
@Tag(name = "Administration")
@RestController
@RequestMapping("/api/admin/projections")
class ProjectionAdminController {

    private final ProjectionRebuilds rebuilds;

    ProjectionAdminController(ProjectionRebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @Operation(summary = "List projections", description = """
            Every event processor's progress: position, lag, and any rebuild running.""")
    @GetMapping
    List<ProjectionRebuilds.Status> all() {
        return rebuilds.statuses();
    }

    @Operation(summary = "Read a projection", description = """
            One event processor's progress and its rebuild's rate and ETA.""")
    @GetMapping("/{name}")
    ProjectionRebuilds.Status one(@PathVariable String name) {
        return rebuilds.status(name);
    }

    @Operation(summary = "Rebuild a read model", description = """
            Replays the event store into a fresh copy of the read model and swaps it in when caught up;
            answers 202 with the processor's status, followed at the Location.""")
    @PostMapping("/{name}/rebuild")
    Mono<ResponseEntity<ProjectionRebuilds.Status>> rebuild(@PathVariable String name) {
        // stopping a processor waits for its threads: not on an event loop
        return Mono.fromCallable(() -> rebuilds.rebuild(name))
                   .subscribeOn(Schedulers.boundedElastic())
                   .map(status -> ResponseEntity.accepted()
                                                .location(URI.create("/api/admin/projections/" + name))
                                                .body(status));
    }
}
