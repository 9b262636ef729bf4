package jp.kanmin.ops.backup;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.shared.incident.IncidentId;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static jp.kanmin.ops.web.Problems.problem;
import static jp.kanmin.ops.web.Problems.response;

/**
 * Export and import for administrators (the security rules restrict {@code /api/admin}). Both stream: an export is
 * written while the store is read, and an import answers with a progress line per commit and a last line when done.
 */
@Tag(name = "Administration")
@RestController
@RequestMapping("/api/admin")
class BackupController {

    static final MediaType NDJSON = MediaType.APPLICATION_NDJSON;
    private static final int LINES_PER_WRITE = 200;

    private final StoreBackup backup;
    private final JsonMapper json;

    BackupController(StoreBackup backup, JsonMapper json) {
        this.backup = backup;
        this.json = json;
    }

    @Operation(summary = "Export the whole store", description = """
            Every event as NDJSON, streamed while the store is read.""")
    @GetMapping(value = "/export", produces = "application/x-ndjson")
    Mono<Void> exportStore(ServerHttpResponse response) {
        return exported(null, "kanmin-timeline.ndjson", response);
    }

    @Operation(summary = "Export one incident", description = """
            An incident's events as NDJSON, for archiving or another store.""")
    @GetMapping(value = "/incidents/{incident}/export", produces = "application/x-ndjson")
    Mono<Void> exportIncident(@PathVariable IncidentId incident, ServerHttpResponse response) {
        return exported(incident, "incident-" + incident.value() + ".ndjson", response);
    }

    /**
     * Written a group of lines at a time, each group flushed and its write awaited before more is read from the
     * store. Handed to the message writer as one body, the export was asked for all at once, and a download slower
     * than the store filled the node's direct memory (out of its 512 MiB one million events in).
     */
    private Mono<Void> exported(IncidentId incident, String fileName, ServerHttpResponse response) {
        response.getHeaders().setContentType(NDJSON);
        response.getHeaders().set(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
        Flux<String> lines = Flux.fromStream(() -> backup.export(incident)).subscribeOn(Schedulers.boundedElastic());
        return response.writeAndFlushWith(lines.buffer(LINES_PER_WRITE).map(group -> Mono.fromSupplier(
                () -> response.bufferFactory().wrap((String.join("\n", group) + "\n")
                                                            .getBytes(StandardCharsets.UTF_8)))));
    }

    @Operation(summary = "Import an export", description = """
            Imports NDJSON written by an export. The body is checked whole before anything is written, so a
            truncated upload changes nothing; the answer streams a progress line per commit and a last line
            when done.""")
    @PostMapping(value = "/import", produces = "application/x-ndjson")
    Flux<String> importStore(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = "application/x-ndjson", schema = @Schema(type = "string",
            description = "what an export wrote: a header line, a line per event, state lines, an end line")))
                             @RequestBody Flux<DataBuffer> body) {
        return Mono.fromCallable(() -> Files.createTempFile("kanmin-import-", ".ndjson"))
                   .subscribeOn(Schedulers.boundedElastic())
                   .flatMapMany(file -> DataBufferUtils.write(body, file)
                                                       .then(Mono.just(file))
                                                       .flatMapMany(this::imported)
                                                       .doFinally(signal -> delete(file)));
    }

    private Flux<String> imported(Path file) {
        return Flux.<String>create(sink -> {
            try {
                backup.importFrom(() -> Files.newBufferedReader(file, StandardCharsets.UTF_8),
                                  progress -> sink.next(json.writeValueAsString(progress) + "\n"));
                sink.complete();
            } catch (IOException e) {
                sink.error(new java.io.UncheckedIOException(e));
            } catch (RuntimeException e) {
                sink.error(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans it up
        }
    }

    @ExceptionHandler(StoreBackup.InvalidExport.class)
    ResponseEntity<ProblemDetail> invalid(StoreBackup.InvalidExport e, ServerWebExchange exchange) {
        return response(problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-export", "Not an importable export",
                                e.getMessage() + "; nothing was imported", List.of(),
                                exchange.getRequest().getPath().value()));
    }

    @ExceptionHandler(StoreBackup.StoreNotEmpty.class)
    ResponseEntity<ProblemDetail> notEmpty(StoreBackup.StoreNotEmpty e, ServerWebExchange exchange) {
        return response(problem(HttpStatus.CONFLICT, "store-not-empty", "Store not empty", e.getMessage(), List.of(),
                                exchange.getRequest().getPath().value()));
    }
}
