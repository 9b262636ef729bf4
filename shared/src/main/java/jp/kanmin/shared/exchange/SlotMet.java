package jp.kanmin.shared.exchange;

import jp.kanmin.shared.organisation.OrganisationId;

import java.time.Duration;
import java.time.Instant;

/** A slot of a sharing obligation that a sharing met: on time (zero lateness) or late by {@code lateness}. */
public record SlotMet(String agreementId, OrganisationId recipient, Instant due, Duration lateness) {

    public boolean late() {
        return lateness.isPositive();
    }
}
