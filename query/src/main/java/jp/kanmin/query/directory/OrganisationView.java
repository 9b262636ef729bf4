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
                               List<Relation> relations,
                               List<District> districts,
                               List<Agreement> agreements) {

    public record Relation(String type, String target) {
    }

    /** 管轄地区: a district the organisation surveys, with its registered businesses and its damage-scale partner. */
    public record District(String name, int registeredBusinesses, String municipality, String scaleRules) {
    }

    /**
     * 情報共有の取り決め held by this organisation: it shares {@code topic} with {@code counterpart} (each organisation
     * it reports to, when null), both ways when MUTUAL, on {@code cadence}.
     */
    public record Agreement(String agreementId, String counterpart, String topic, String direction, String cadence,
                            String district) {
    }

    public boolean isActive() {
        return "ACTIVE".equals(status);
    }
}
