package jp.kanmin.ops.access;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.organisation.OrganisationId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Administrators issue, list and revoke organisations' API tokens (the security rules restrict /api/admin). */
@Tag(name = "Administration")
@RestController
@RequestMapping("/api/admin/tokens")
class TokenAdminController {

    private final ApiTokens tokens;
    private final KnownOrganisations known;

    TokenAdminController(ApiTokens tokens, KnownOrganisations known) {
        this.tokens = tokens;
        this.known = known;
    }

    /**
     * @param administrator whether the token also carries administrator rights (no if omitted)
     * @param validDays     how long the token works; a year at most
     */
    @Schema(example = """
            {"organisationId": "osadano-park", "validDays": 90, "label": "連絡調整員 2"}""")
    record IssueRequest(@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}") String organisationId,
                        Boolean administrator,
                        @Min(1) @Max(366) Integer validDays,
                        @Size(max = 200) String label) {
    }

    @Operation(summary = "Issue an API token", description = """
            Issues a bearer token for an organisation (for a liaison officer's phone, an HQ screen or another
            system), valid for `validDays` (a year at most). The token is shown once.""")
    @PostMapping
    Mono<ResponseEntity<ApiTokens.IssuedToken>> issue(@Valid @RequestBody IssueRequest request) {
        OrganisationId organisation = OrganisationId.of(request.organisationId());
        Set<Caller.Role> roles = Boolean.TRUE.equals(request.administrator()) ? Set.of(Caller.Role.MEMBER, Caller.Role.ADMIN)
                                                         : Set.of(Caller.Role.MEMBER);
        return known.requireActive(List.of(organisation), "organisationId")
                    .then(tokens.issue(organisation, roles,
                                       Duration.ofDays(request.validDays() == null ? 90 : request.validDays()),
                                       request.label()))
                    .map(issued -> ResponseEntity.status(HttpStatus.CREATED).body(issued));
    }

    @Operation(summary = "List API tokens", description = """
            Every token's id, organisation, label and validity; never the token itself.""")
    @GetMapping
    Flux<ApiTokens.TokenInfo> list() {
        return tokens.list();
    }

    @Operation(summary = "Revoke an API token", description = """
            The token stops working on every node within seconds (nodes trust a looked-up token for 5 s).""")
    @DeleteMapping("/{tokenId}")
    Mono<ResponseEntity<Void>> revoke(@PathVariable String tokenId) {
        return tokens.revoke(tokenId)
                     .flatMap(revoked -> revoked ? Mono.just(ResponseEntity.noContent().<Void>build())
                                                 : Mono.error(RuleViolation.notFound(
                                                         "token-not-found", "no active token " + tokenId)));
    }
}
