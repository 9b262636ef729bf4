package jp.kanmin.shared.access;

import jp.kanmin.shared.organisation.OrganisationId;

import java.util.Set;

/**
 * Who is asking: every request acts as exactly one organisation, known from its credentials, never from the body.
 * Administrators (システム管理者) act for the organisation that runs the system.
 */
public record Caller(OrganisationId organisationId, Set<Role> roles) {

    public enum Role {
        /** Posts and reads as its own organisation. */
        MEMBER,
        /** Manages the directory, credentials and any incident. */
        ADMIN
    }

    public Caller {
        roles = Set.copyOf(roles);
    }

    public static Caller member(OrganisationId organisationId) {
        return new Caller(organisationId, Set.of(Role.MEMBER));
    }

    public static Caller admin(OrganisationId organisationId) {
        return new Caller(organisationId, Set.of(Role.MEMBER, Role.ADMIN));
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }
}
