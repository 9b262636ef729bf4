package jp.kanmin.query.exchange;

import jp.kanmin.query.incident.Disclosure;
import jp.kanmin.query.support.BookProjection;
import jp.kanmin.query.support.IncidentBooks;
import jp.kanmin.query.support.Paging;
import jp.kanmin.query.support.Positions;
import jp.kanmin.query.support.ReadsFrom;
import jp.kanmin.shared.exchange.SlotMet;
import jp.kanmin.shared.participation.ParticipationEvent;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeDue;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeMissed;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeScheduled;
import jp.kanmin.shared.participation.ParticipationEvent.InformationAcknowledged;
import jp.kanmin.shared.participation.ParticipationEvent.InformationReceived;
import jp.kanmin.shared.participation.ParticipationEvent.InformationShared;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationEvent.Report;
import jp.kanmin.shared.participation.ParticipationEvent.TaskCompleted;
import jp.kanmin.shared.participation.ParticipationEvent.TaskStarted;
import jp.kanmin.shared.support.SupportRequestEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static jp.kanmin.query.exchange.ExchangeBook.EXCHANGES;
import static jp.kanmin.query.exchange.ExchangeBook.OBLIGATIONS;
import static jp.kanmin.query.exchange.ExchangeBook.PARTIES;

/**
 * Keeps each incident's exchange book and support requests, one entry per exchange, obligation, participant and
 * request, changed by the same transitions the books fold "as of" an instant.
 */
@Component
@ProcessingGroup("exchanges")
public class ExchangeProjection extends BookProjection {

    static final String COLLECTION = "exchange_books";
    static final String REQUESTS = "requests";
    private static final Sort FIRST_SHARED_FIRST = Sort.by(Sort.Direction.ASC, "created");

    ExchangeProjection(IncidentBooks books) {
        super(books, COLLECTION);
    }

    @EventHandler
    void on(ParticipationStarted e, EventMessage<?> m) {
        update(e, PARTIES, e.organisationId().value(), ExchangeBook.Party.class, m,
               p -> ExchangeBook.started(e, m.getTimestamp()));
    }

    @EventHandler
    void on(InformationShared e, EventMessage<?> m) {
        update(e, EXCHANGES, e.exchangeId(), ExchangeBook.Exchange.class, m, x -> ExchangeBook.shared(e, m.getTimestamp()));
        for (SlotMet slot : e.slotsMet()) {
            update(e, OBLIGATIONS, ExchangeBook.Obligation.key(e.organisationId().value(), slot.agreementId(),
                                                               slot.recipient().value()),
                   ExchangeBook.Obligation.class, m,
                   o -> o == null ? null : ExchangeBook.met(o, slot, m.getTimestamp(), e.exchangeId()));
        }
        heard(e, m, "InformationShared");
    }

    @EventHandler
    void on(InformationReceived e, EventMessage<?> m) {
        update(e, EXCHANGES, e.exchangeId(), ExchangeBook.Exchange.class, m,
               x -> x == null ? null : ExchangeBook.received(x, e, m.getTimestamp()));
    }

    @EventHandler
    void on(InformationAcknowledged e, EventMessage<?> m) {
        update(e, EXCHANGES, e.exchangeId(), ExchangeBook.Exchange.class, m,
               x -> x == null ? null : ExchangeBook.acknowledged(x, e, m.getTimestamp()));
        heard(e, m, "InformationAcknowledged");
    }

    @EventHandler
    void on(ExchangeScheduled e, EventMessage<?> m) {
        update(e, OBLIGATIONS, obligation(e, e.agreementId(), e.recipient().value()), ExchangeBook.Obligation.class, m,
               o -> ExchangeBook.scheduled(o, e));
    }

    @EventHandler
    void on(ExchangeDue e, EventMessage<?> m) {
        update(e, OBLIGATIONS, obligation(e, e.agreementId(), e.recipient().value()), ExchangeBook.Obligation.class, m,
               o -> o == null ? null : ExchangeBook.announced(o, e.due()));
    }

    @EventHandler
    void on(ExchangeMissed e, EventMessage<?> m) {
        update(e, OBLIGATIONS, obligation(e, e.agreementId(), e.recipient().value()), ExchangeBook.Obligation.class, m,
               o -> o == null ? null : ExchangeBook.missed(o, e.due()));
    }

    @EventHandler
    void on(Report e, EventMessage<?> m) {
        heard(e, m, e.getClass().getSimpleName());
    }

    @EventHandler
    void on(TaskStarted e, EventMessage<?> m) {
        heard(e, m, "TaskStarted");
    }

    @EventHandler
    void on(TaskCompleted e, EventMessage<?> m) {
        heard(e, m, "TaskCompleted");
    }

    @EventHandler
    void on(SupportRequestEvent e, EventMessage<?> m) {
        books.update(COLLECTION, e.incidentId().value(), REQUESTS, e.supportRequestId(), SupportBook.Request.class,
                     Positions.of(m), r -> SupportBook.next(r, e, m.getTimestamp()));
    }

    private static String obligation(ParticipationEvent e, String agreementId, String recipient) {
        return ExchangeBook.Obligation.key(e.organisationId().value(), agreementId, recipient);
    }

    private void heard(ParticipationEvent e, EventMessage<?> m, String what) {
        Instant at = m.getTimestamp();
        update(e, PARTIES, e.organisationId().value(), ExchangeBook.Party.class, m,
               p -> p == null ? null : ExchangeBook.heard(p, at, what));
    }

    private <T> void update(ParticipationEvent e, String section, String key, Class<T> type, EventMessage<?> m,
                            UnaryOperator<T> transition) {
        books.update(COLLECTION, e.incidentId().value(), section, key, type, Positions.of(m), transition);
    }

    public Mono<ExchangeBook> exchangeBook(String incidentId) {
        return books.sections(ReadsFrom.EXCHANGES, COLLECTION, incidentId)
                    .map(read -> read.built(ExchangeBook.class, sections -> {
            ExchangeBook book = new ExchangeBook();
            sections.entries(EXCHANGES, ExchangeBook.Exchange.class)
                 .forEach(x -> book.exchanges.put(x.exchangeId(), x));
            sections.entries(OBLIGATIONS, ExchangeBook.Obligation.class)
                 .forEach(o -> book.obligations.put(o.key(), o));
            sections.entries(PARTIES, ExchangeBook.Party.class)
                 .forEach(p -> book.parties.put(p.organisationId(), p));
            return book;
        }));
    }

    /**
     * A page of what was shared, first shared first: of one organisation (sent or received) if named, and only what
     * the reader sent or received unless it sees everything; read by the store.
     */
    Mono<IncidentBooks.Page<ExchangeBook.Exchange>> exchanges(String incidentId, String organisationId,
                                                             Disclosure.Reader reader, Paging paging) {
        // each side of "sent or received" walks its own index in the order of the page, and the store merges them
        books.ensureIndex(COLLECTION, FIRST_SHARED_FIRST, "from");
        books.ensureIndex(COLLECTION, FIRST_SHARED_FIRST, "recipients");
        List<Criteria> filters = new ArrayList<>();
        if (organisationId != null) {
            filters.add(sentOrReceivedBy(organisationId));
        }
        if (!reader.seesEveryBusiness()) {
            filters.add(sentOrReceivedBy(reader.organisationId()));
        }
        return books.page(COLLECTION, incidentId, EXCHANGES, filters, FIRST_SHARED_FIRST, paging.offset(),
                          paging.limit(), ExchangeBook.Exchange.class);
    }

    private static Criteria sentOrReceivedBy(String organisationId) {
        return new Criteria().orOperator(IncidentBooks.valueIs("from", organisationId),
                                         IncidentBooks.valueIs("recipients", organisationId));
    }

    Mono<SupportBook> supportBook(String incidentId) {
        return books.sections(ReadsFrom.EXCHANGES, COLLECTION, incidentId)
                    .map(read -> read.built(SupportBook.class, sections -> {
            SupportBook book = new SupportBook();
            sections.entries(REQUESTS, SupportBook.Request.class)
                 .forEach(r -> book.requests.put(r.supportRequestId(), r));
            return book;
        }));
    }
}
