package jp.kanmin.ops.access;

import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRetired;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/** A retired organisation's tokens stop working: it takes part in nothing any more. */
@Component
@ProcessingGroup("credentials")
class CredentialsOfRetiredOrganisations {

    private final ApiTokens tokens;

    CredentialsOfRetiredOrganisations(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @EventHandler
    void on(OrganisationRetired event) {
        tokens.revokeAllOf(event.organisationId()).block();
    }
}
