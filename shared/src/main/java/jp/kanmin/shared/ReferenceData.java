package jp.kanmin.shared;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reference data the application ships as YAML beside its classes (sharing cadences, damage-scale rules). */
public final class ReferenceData {

    private ReferenceData() {
    }

    /** The resource's tree; a missing resource is a broken build, not a condition to carry on from. */
    public static JsonNode yaml(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
