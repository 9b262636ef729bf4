package jp.kanmin.shared.organisation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * Identifies an organisation (組織) in the directory: a readable slug chosen at registration, such as
 * {@code makinohara-city}, so that tokens, logs and exported timelines stay legible.
 */
public record OrganisationId(String value) {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    public OrganisationId {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "organisation id must be 2-63 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
    }

    @JsonCreator
    public static OrganisationId of(String value) {
        return new OrganisationId(value);
    }

    public static boolean isValid(String value) {
        return value != null && SLUG.matcher(value).matches();
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
