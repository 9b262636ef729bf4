package jp.kanmin.query.support;

import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.query.report.ReportBook;
import jp.kanmin.shared.MessageMetadata;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationEvent.OrganisationRegistered;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * A read-model book writes a processor batch's entries together, and before the processor stores its token, even
 * when the batch's last event is not one the book takes; within the batch each event sees what the earlier ones
 * changed; a batch delivered again after a crash changes nothing.
 */
@ApplicationTest
class IncidentBooksBatchingTest {

    private static final AtomicLong POSITIONS = new AtomicLong(5_000_000_000L); // clear of the store's own

    @Autowired
    IncidentBooks books;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    ApplicationContext context;
    @Autowired
    MongoTemplate mongo;

    @Test
    void aBatchOfReportsIsInTheBookBeforeTheProcessorStoresItsToken() throws Exception {
        String incident = UUID.randomUUID().toString();
        List<EventMessage<?>> events = List.of(report(incident, "first"), report(incident, "second"),
                                               unrelated());
        List<Integer> threadsWhenTokenStored = new ArrayList<>();
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        // as a processor does: its token is stored by a commit step registered before any event is handled
        batch.onPrepareCommit(unitOfWork -> threadsWhenTokenStored.add(threads(incident).size()));
        process(batch);

        assertThat(threadsWhenTokenStored).containsExactly(1);
        ReportBook.Thread thread = threads(incident).getFirst();
        assertThat(thread.latest().reportId()).as("the second report saw the first, still unwritten")
                                              .isEqualTo(ReportId.derivedFrom("second").value());
        assertThat(thread.reports()).isEqualTo(2);
    }

    @Test
    void entriesKeepTheOrderTheyWereFirstWrittenInEvenWhenChangedLaterInTheSameBatch() throws Exception {
        String incident = UUID.randomUUID().toString();
        process(new BatchingUnitOfWork<>(List.of(report(incident, "park-first", "osadano-park"),
                                                 report(incident, "chamber-first", "fukuchiyama-chamber"),
                                                 report(incident, "park-second", "osadano-park"))));

        assertThat(threads(incident)).extracting(ReportBook.Thread::organisationId)
                                     .containsExactly("osadano-park", "fukuchiyama-chamber");
    }

    @Test
    void aRedeliveredBatchChangesNothing() throws Exception {
        String incident = UUID.randomUUID().toString();
        List<EventMessage<?>> events = List.of(report(incident, "first"), report(incident, "second"));
        process(new BatchingUnitOfWork<>(events));
        ReportBook.Thread before = threads(incident).getFirst();

        process(new BatchingUnitOfWork<>(events));

        assertThat(threads(incident)).containsExactly(before);
    }

    @Test
    void aBatchRedeliveredAfterItsHistoryWasWrittenButNotItsThreadsCountsEachReportOnce() throws Exception {
        String incident = UUID.randomUUID().toString();
        List<EventMessage<?>> events = List.of(report(incident, "first"), report(incident, "second"));
        process(new BatchingUnitOfWork<>(events));
        // as a crash between the batch's bulk writes leaves it: the history (written first) stored, the thread not
        mongo.remove(Query.query(where("incidentId").is(incident)), "report_books");

        process(new BatchingUnitOfWork<>(events));

        assertThat(threads(incident)).singleElement().extracting(ReportBook.Thread::reports).isEqualTo(2);
        assertThat(mongo.count(Query.query(where("incidentId").is(incident).and("section").is("reports")),
                               "report_history")).as("each report in its place, none twice").isEqualTo(2);
    }

    /** Runs the batch through the reports processor's interceptors and the report projection, as the processor does. */
    private void process(BatchingUnitOfWork<EventMessage<?>> batch) throws Exception {
        AnnotationEventHandlerAdapter projection = new AnnotationEventHandlerAdapter(context.getBean("reportProjection"));
        var result = batch.executeWithResult(() -> new DefaultInterceptorChain<>(
                batch, processing.interceptorsFor("reports"),
                message -> projection.canHandle(message) ? projection.handle(message) : null).proceed());
        if (result.isExceptional()) {
            throw new AssertionError(result.exceptionResult());
        }
    }

    private List<ReportBook.Thread> threads(String incident) {
        return books.sections(ReadsFrom.REPORTS, "report_books", incident).block()
                    .entries("threads", ReportBook.Thread.class);
    }

    private static EventMessage<?> report(String incident, String request) {
        return report(incident, request, "osadano-park");
    }

    private static EventMessage<?> report(String incident, String request, String organisation) {
        ParticipationId park = new ParticipationId(IncidentId.of(incident), OrganisationId.of(organisation));
        return new GenericEventMessage<>(new StaffSafetyReported(
                park, ReportId.derivedFrom(request), 1, new ReportContent.StaffSafety(100, 0, 0, 0, null),
                ReportFacts.observedAt(Instant.parse("2026-11-20T06:00:00Z"))), position());
    }

    private static EventMessage<?> unrelated() {
        return new GenericEventMessage<>(new OrganisationRegistered(OrganisationId.of("elsewhere"), "他社", null,
                                                                    OrganisationType.COMPANY, null, null), position());
    }

    private static MetaData position() {
        return MetaData.with(MessageMetadata.GLOBAL_INDEX, POSITIONS.incrementAndGet());
    }
}
