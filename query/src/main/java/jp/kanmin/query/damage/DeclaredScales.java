package jp.kanmin.query.damage;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Comparator;
import java.util.List;

/** The damage scales declared in an incident (被害規模の確定), for what publishes them beyond the damage board. */
@Component
public class DeclaredScales {

    private final DamageProjection projection;

    DeclaredScales(DamageProjection projection) {
        this.projection = projection;
    }

    /** Each district's judgement with a scale in force, newest declaration first. */
    public Mono<List<DamageBook.Judgement>> of(String incidentId) {
        return projection.book(incidentId).map(book -> book.judgements.values().stream()
                .filter(judgement -> judgement.declared() != null)
                .sorted(Comparator.comparing(DamageBook.Judgement::declaredAt).reversed())
                .toList());
    }
}
