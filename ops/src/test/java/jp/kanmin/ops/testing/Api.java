package jp.kanmin.ops.testing;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.access.AdministratorBootstrap;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Calls the running application's HTTP API as one organisation or another. */
public final class Api {

    private final WebTestClient client;
    private final ApiTokens tokens;
    private WebTestClient admin;

    /** A node in this JVM: tokens are issued through its {@link ApiTokens}. */
    public Api(int port, ApiTokens tokens) {
        this(port, tokens, null);
    }

    private Api(int port, ApiTokens tokens, String adminToken) {
        this.client = WebTestClient.bindToServer()
                                   .baseUrl("http://localhost:" + port)
                                   .responseTimeout(Duration.ofSeconds(30))
                                   .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                                   .build();
        this.tokens = tokens;
        this.admin = adminToken == null ? null : withToken(adminToken);
    }

    /** A node in another process: tokens are issued through its API with an administrator's token. */
    public static Api remote(int port, String adminToken) {
        return new Api(port, null, adminToken);
    }

    /** A client acting as {@code organisation}, with a freshly issued member token. */
    public WebTestClient as(OrganisationId organisation) {
        return withToken(token(organisation));
    }

    public String token(OrganisationId organisation) {
        if (tokens == null) {
            Map<?, ?> issued = asAdmin().post().uri("/api/admin/tokens")
                                        .bodyValue(Map.of("organisationId", organisation.value(), "administrator", false,
                                                          "label", "test"))
                                        .exchange().expectStatus().isCreated()
                                        .expectBody(Map.class).returnResult().getResponseBody();
            return (String) issued.get("token");
        }
        return tokens.issue(organisation, Set.of(Caller.Role.MEMBER), Duration.ofDays(30), "test").block().token();
    }

    public WebTestClient asAdmin() {
        if (admin == null) {
            admin = withToken(tokens.issue(AdministratorBootstrap.OPERATOR, Set.of(Caller.Role.MEMBER, Caller.Role.ADMIN),
                                           Duration.ofDays(30), "test admin").block().token());
        }
        return admin;
    }

    public WebTestClient withToken(String token) {
        return client.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    public WebTestClient anonymous() {
        return client;
    }

    /** Registers an organisation unique to this test and waits until the directory knows it. */
    public OrganisationId register(String name, OrganisationType type) {
        OrganisationId organisation = uniqueOrganisation(name);
        Map<String, Object> body = new HashMap<>(Map.of("organisationId", organisation.value(), "name", name,
                                                        "type", type.name()));
        if (type == OrganisationType.INFRASTRUCTURE_OPERATOR) {
            body.put("sector", "POWER");
        }
        if (type == OrganisationType.OTHER) {
            body.put("label", "test");
        }
        asAdmin().post().uri("/api/organisations").bodyValue(body).exchange().expectStatus().isCreated();
        await().atMost(Duration.ofSeconds(10)).until(() -> asAdmin().get().uri("/api/organisations/{id}", organisation)
                                                                   .exchange().expectBody().returnResult()
                                                                   .getStatus().is2xxSuccessful());
        return organisation;
    }

    /** Organisation ids unique to one test, so tests never see each other's incidents. */
    public static OrganisationId uniqueOrganisation(String name) {
        return OrganisationId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
