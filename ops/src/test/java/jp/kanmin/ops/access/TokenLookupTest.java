package jp.kanmin.ops.access;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.organisation.OrganisationId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many requests carrying one token at once (an HQ's boards, each reading its panels) look it up in the store once,
 * and a revoked token stops working on this node at once.
 */
@ApplicationTest
class TokenLookupTest {

    @Autowired
    ApiTokens tokens;
    @Autowired
    MeterRegistry registry;

    @Test
    void fiftyRequestsWithATokenNotLookedUpYetCostOneStoreRead() {
        OrganisationId hq = OrganisationId.of("lookup-hq");
        String token = tokens.issue(hq, Set.of(), Duration.ofHours(1), "wall").block().token();
        long before = lookups();

        List<Caller> callers = Flux.range(0, 50).flatMap(i -> tokens.authenticate(token), 50)
                                   .collectList().block(Duration.ofSeconds(10));

        assertThat(callers).hasSize(50).allSatisfy(caller -> assertThat(caller.organisationId()).isEqualTo(hq));
        assertThat(lookups() - before).isEqualTo(1);
    }

    @Test
    void aRevokedTokenIsRefusedOnThisNodeAtOnce() {
        OrganisationId hq = OrganisationId.of("revoked-hq");
        ApiTokens.IssuedToken issued = tokens.issue(hq, Set.of(), Duration.ofHours(1), "wall").block();
        assertThat(tokens.authenticate(issued.token()).block()).isNotNull();

        assertThat(tokens.revoke(issued.tokenId()).block()).isTrue();

        assertThat(tokens.authenticate(issued.token()).blockOptional()).isEmpty();
    }

    private long lookups() {
        return registry.find("mongodb.driver.commands").tag("collection", "api_tokens").tag("command", "find")
                       .timers().stream().mapToLong(Timer::count).sum();
    }
}
