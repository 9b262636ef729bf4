package jp.kanmin.query.incident;

import jp.kanmin.query.directory.OrganisationView;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a reader of an incident may see of each business's own damage figures (被害調査の個票). District figures are
 * shared with every participant; a business's name and amounts only with the chamber or park that surveyed it, the
 * coordinating HQ, public authorities taking part (they receive these figures under the plans) and administrators.
 */
@Component
public class Disclosure {

    static final Set<String> AUTHORITIES = Set.of(OrganisationType.MUNICIPALITY.name(),
                                                  OrganisationType.PREFECTURE.name(),
                                                  OrganisationType.NATIONAL_GOVERNMENT.name());
    static final String SURVEYED = "BusinessDamageSurveyed";

    private final IncidentAccess access;
    private final ReactiveMongoTemplate mongo;

    Disclosure(IncidentAccess access, ReactiveMongoTemplate mongo) {
        this.access = access;
        this.mongo = mongo;
    }

    /** The caller as a reader of the incident; "not found" when it may not read it at all. */
    public Mono<Reader> reader(IncidentId incidentId, Caller caller) {
        String who = caller.organisationId().value();
        return access.readable(incidentId, caller).flatMap(incident -> {
            if (caller.isAdmin() || who.equals(incident.coordinatingHq())) {
                return Mono.just(new Reader(who, true));
            }
            return mongo.findById(who, OrganisationView.class)
                        .map(organisation -> new Reader(who, AUTHORITIES.contains(organisation.type())))
                        .defaultIfEmpty(new Reader(who, false));
        });
    }

    public record Reader(String organisationId, boolean seesEveryBusiness) {

        public boolean seesBusinessesOf(String surveyor) {
            return seesEveryBusiness || organisationId.equals(surveyor);
        }

        /**
         * The payload of a timeline entry as this reader may see it: a survey by someone else keeps its grade and
         * district but loses the business's name and amounts.
         */
        public Map<String, Object> payloadOf(String type, String organisationId, Map<String, Object> payload) {
            if (!SURVEYED.equals(type) || seesBusinessesOf(organisationId)
                    || !(payload.get("content") instanceof Map<?, ?> content)) {
                return payload;
            }
            Map<String, Object> kept = new LinkedHashMap<>();
            for (String field : new String[]{"type", "grade", "estimate", "powerOutage", "unreachable"}) {
                if (content.containsKey(field)) {
                    kept.put(field, content.get(field));
                }
            }
            kept.put("withheld", "businessId, businessName, items");
            Map<String, Object> redacted = new LinkedHashMap<>(payload);
            redacted.put("content", kept);
            return redacted;
        }
    }
}
