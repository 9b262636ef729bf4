package jp.kanmin.ops.access;

import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.organisation.OrganisationCommands.RegisterOrganisation;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Set;

/**
 * Every installation has an operator organisation ({@code kanmin-admin}). A new production installation gets its
 * first administrator token from {@code KANMIN_BOOTSTRAP_ADMIN_TOKEN} (a secret chosen by the operator, stored only
 * as a hash); with it the operator registers organisations and issues their tokens.
 */
@Component
public class AdministratorBootstrap {

    private static final Logger logger = LoggerFactory.getLogger(AdministratorBootstrap.class);
    public static final OrganisationId OPERATOR = OrganisationId.of("kanmin-admin");

    private final CommandGateway commands;
    private final ApiTokens tokens;
    private final String bootstrapToken;

    AdministratorBootstrap(CommandGateway commands, ApiTokens tokens,
                           @Value("${kanmin.bootstrap-admin-token:}") String bootstrapToken) {
        this.commands = commands;
        this.tokens = tokens;
        this.bootstrapToken = bootstrapToken;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    public void registerOperator() {
        commands.sendAndWait(new RegisterOrganisation(OPERATOR, "官民連携タイムライン 運用者", "Kanmin Timeline operator",
                                                      OrganisationType.OTHER, null, "system operator"),
                             MetaData.with(MessageMetadata.REQUEST_ID, "bootstrap/register-operator")
                                     .and(MessageMetadata.ACTOR, OPERATOR.value()));
        if (bootstrapToken == null || bootstrapToken.isBlank()) {
            return;
        }
        if (tokens.authenticate(bootstrapToken).blockOptional().isPresent()) {
            return;
        }
        if (!bootstrapToken.startsWith("kmt_") || bootstrapToken.length() < 36) {
            logger.error("KANMIN_BOOTSTRAP_ADMIN_TOKEN must start with 'kmt_' and have at least 32 random characters "
                                 + "after it; it was not registered");
            return;
        }
        tokens.register(bootstrapToken, OPERATOR, Set.of(Caller.Role.MEMBER, Caller.Role.ADMIN), Duration.ofDays(30),
                        "bootstrap administrator").block();
        logger.info("Registered the bootstrap administrator token (valid 30 days; issue personal tokens and revoke it)");
    }
}
