package jp.kanmin.ops.testing;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.organisation.OrganisationId;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** Calls the running application's HTTP API as one organisation or another. */
public final class Api {

    private final WebTestClient client;
    private final ApiTokens tokens;

    public Api(int port, ApiTokens tokens) {
        this.client = WebTestClient.bindToServer()
                                   .baseUrl("http://localhost:" + port)
                                   .responseTimeout(Duration.ofSeconds(20))
                                   .build();
        this.tokens = tokens;
    }

    /** A client acting as {@code organisation}, with a freshly issued member token. */
    public WebTestClient as(OrganisationId organisation) {
        return withToken(tokens.issue(organisation, Set.of(Caller.Role.MEMBER), Duration.ofHours(1), "test")
                               .block().token());
    }

    public WebTestClient asAdmin() {
        return withToken(tokens.issue(OrganisationId.of("kanmin-admin"), Set.of(Caller.Role.MEMBER, Caller.Role.ADMIN),
                                      Duration.ofHours(1), "test admin").block().token());
    }

    public WebTestClient withToken(String token) {
        return client.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    public WebTestClient anonymous() {
        return client;
    }

    /** Organisation ids unique to one test, so tests never see each other's incidents. */
    public static OrganisationId uniqueOrganisation(String name) {
        return OrganisationId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
