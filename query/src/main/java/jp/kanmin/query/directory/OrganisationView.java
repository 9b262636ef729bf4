package jp.kanmin.query.directory;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.List;

/** One organisation of the directory (組織台帳) with its outgoing relations. */
@Document("organisations")
public record OrganisationView(@Id String organisationId,
                               String name,
                               String nameEn,
                               String type,
                               String sector,
                               String label,
                               String status,
                               List<Relation> relations) {

    public record Relation(String type, String target) {
    }

    public boolean isActive() {
        return "ACTIVE".equals(status);
    }
}
