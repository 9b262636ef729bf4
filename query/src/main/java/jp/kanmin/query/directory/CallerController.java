package jp.kanmin.query.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.shared.access.Caller;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Whom a token speaks for. The web pages ask once after sign-in, to greet the user by organisation and to offer only
 * what that organisation may do; an API client may use it to check a token.
 */
@ReadsFrom(ReadsFrom.DIRECTORY)
@Tag(name = "Organisations")
@RestController
class CallerController {

    private final ReactiveMongoTemplate mongo;

    CallerController(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** {@code organisation} is null only while the directory has not yet caught up with a new registration. */
    record Me(String organisationId, boolean admin, OrganisationView organisation) {
    }

    @Operation(summary = "Who am I", description = """
            Whom the bearer token speaks for: the organisation and whether it is an administrator. The web
            pages ask once after sign-in; an API client may use it to check a token. `organisation` is null
            only while the directory has not yet caught up with a new registration.""")
    @GetMapping("/api/me")
    Mono<Me> me(@AuthenticationPrincipal Caller caller) {
        String id = caller.organisationId().value();
        return mongo.findById(id, OrganisationView.class)
                    .map(organisation -> new Me(id, caller.isAdmin(), organisation))
                    .defaultIfEmpty(new Me(id, caller.isAdmin(), null));
    }
}
