package jp.kanmin.query.damage;

import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.support.BookProjection;
import jp.kanmin.query.support.IncidentBooks;
import jp.kanmin.query.support.Paging;
import jp.kanmin.query.support.Positions;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.shared.damage.DamageJudgementEvent;
import jp.kanmin.shared.participation.ParticipationEvent;
import jp.kanmin.shared.participation.ParticipationEvent.BusinessDamageSurveyed;
import jp.kanmin.shared.participation.ParticipationEvent.OutageReported;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.OutageRestored;
import jp.kanmin.shared.participation.ParticipationEvent.RestorationEtaUpdated;
import jp.kanmin.shared.participation.ParticipationEvent.SurroundingsReported;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static jp.kanmin.query.damage.DamageBook.AREAS;
import static jp.kanmin.query.damage.DamageBook.JUDGEMENTS;
import static jp.kanmin.query.damage.DamageBook.OUTAGES;
import static jp.kanmin.query.damage.DamageBook.PARTIES;
import static jp.kanmin.query.damage.DamageBook.SURVEYS;

/**
 * Keeps each incident's damage book (被害状況): one entry per surveyed business, area, district judgement and
 * outage, each changed by the same transitions {@link DamageBook} folds "as of" an instant.
 */
@Component
@ProcessingGroup("damage")
class DamageProjection extends BookProjection {

    static final String COLLECTION = "damage_books";
    /** Surveys by business id, and one business's surveys in the order they were first recorded. */
    private static final Sort BY_BUSINESS = Sort.by(Sort.Direction.ASC, IncidentBooks.valueField("businessId"))
                                                .and(Sort.by(Sort.Direction.ASC, "created"));

    DamageProjection(IncidentBooks books) {
        super(books, COLLECTION);
    }

    @EventHandler
    void on(BusinessDamageSurveyed event, EventMessage<?> message) {
        update(event, SURVEYS, DamageBook.surveyKey(event.organisationId().value(), event.content().businessId()),
               DamageBook.Survey.class, current -> DamageBook.survey(current, event, message.getTimestamp()), message);
    }

    @EventHandler
    void on(SurroundingsReported event, EventMessage<?> message) {
        if (event.facts().area() != null) {
            DamageBook.AreaReport area = DamageBook.area(event, message.getTimestamp());
            update(event, AREAS, area.key(), DamageBook.AreaReport.class, current -> area, message);
        }
    }

    @EventHandler
    void on(ParticipationStarted event, EventMessage<?> message) {
        update(event, PARTIES, event.organisationId().value(), DamageBook.Party.class,
               current -> new DamageBook.Party(event.organisationId().value()), message);
    }

    @EventHandler
    void on(DamageJudgementEvent event, EventMessage<?> message) {
        String key = DamageBook.judgementKey(event.judgementId().surveyor().value(), event.judgementId().district());
        update(event.incidentId().value(), JUDGEMENTS, key, DamageBook.Judgement.class,
               current -> DamageBook.judgement(current, event, message.getTimestamp()), message);
    }

    @EventHandler
    void on(OutageReported event, EventMessage<?> message) {
        outage(event, event.content().outageId(), message);
    }

    @EventHandler
    void on(RestorationEtaUpdated event, EventMessage<?> message) {
        outage(event, event.content().outageId(), message);
    }

    @EventHandler
    void on(OutageRestored event, EventMessage<?> message) {
        outage(event, event.content().outageId(), message);
    }

    private void outage(ParticipationEvent event, String outageId, EventMessage<?> message) {
        update(event, OUTAGES, DamageBook.outageKey(event.organisationId().value(), outageId), DamageBook.Outage.class,
               current -> DamageBook.outage(current, event, message.getTimestamp()), message);
    }

    private <T> void update(ParticipationEvent event, String section, String key, Class<T> type,
                            UnaryOperator<T> transition, EventMessage<?> message) {
        update(event.incidentId().value(), section, key, type, transition, message);
    }

    private <T> void update(String incidentId, String section, String key, Class<T> type,
                            UnaryOperator<T> transition, EventMessage<?> message) {
        books.update(COLLECTION, incidentId, section, key, type, Positions.of(message), transition);
    }

    /** The live book of an incident, as the projection has it now. */
    Mono<DamageBook> book(String incidentId) {
        return books.sections(ReadsFrom.DAMAGE, COLLECTION, incidentId)
                    .map(read -> read.built(DamageBook.class, this::restore));
    }

    /**
     * A page of the surveyed businesses by business id, of one surveyor and district if named, and only the reader's
     * own surveys unless it sees every business; read by the store.
     */
    Mono<IncidentBooks.Page<DamageBook.Survey>> surveys(String incidentId, String surveyor, String district,
                                                       Disclosure.Reader reader, Paging paging) {
        books.ensureIndex(COLLECTION, BY_BUSINESS);
        books.ensureIndex(COLLECTION, BY_BUSINESS, "surveyor");
        List<Criteria> filters = new ArrayList<>();
        if (surveyor != null) {
            filters.add(IncidentBooks.valueIs("surveyor", surveyor));
        }
        if (district != null) {
            filters.add(IncidentBooks.valueIs("district", district));
        }
        if (!reader.seesEveryBusiness()) {
            filters.add(IncidentBooks.valueIs("surveyor", reader.organisationId()));
        }
        return books.page(COLLECTION, incidentId, SURVEYS, filters, BY_BUSINESS, paging.offset(), paging.limit(),
                          DamageBook.Survey.class);
    }

    private DamageBook restore(IncidentBooks.Sections sections) {
        DamageBook book = new DamageBook();
        sections.entries(SURVEYS, DamageBook.Survey.class)
             .forEach(s -> book.surveys.put(DamageBook.surveyKey(s.surveyor(), s.businessId()), s));
        sections.entries(AREAS, DamageBook.AreaReport.class).forEach(a -> book.areas.put(a.key(), a));
        sections.entries(PARTIES, DamageBook.Party.class)
             .forEach(p -> book.parties.put(p.organisationId(), p));
        sections.entries(JUDGEMENTS, DamageBook.Judgement.class)
             .forEach(j -> book.judgements.put(DamageBook.judgementKey(j.surveyor(), j.district()), j));
        sections.entries(OUTAGES, DamageBook.Outage.class)
             .forEach(o -> book.outages.put(DamageBook.outageKey(o.organisationId(), o.outageId()), o));
        return book;
    }
}
