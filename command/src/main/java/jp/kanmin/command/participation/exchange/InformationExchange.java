package jp.kanmin.command.participation.exchange;

import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.exchange.Cadence;
import jp.kanmin.shared.exchange.SharingCadences;
import jp.kanmin.shared.exchange.SlotMet;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationCommands.AcknowledgeInformation;
import jp.kanmin.shared.participation.ParticipationCommands.ActivateSharingObligation;
import jp.kanmin.shared.participation.ParticipationCommands.ReceiveInformation;
import jp.kanmin.shared.participation.ParticipationCommands.ShareInformation;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeDue;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeEscalated;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeMissed;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeScheduled;
import jp.kanmin.shared.participation.ParticipationEvent.InformationAcknowledged;
import jp.kanmin.shared.participation.ParticipationEvent.InformationReceived;
import jp.kanmin.shared.participation.ParticipationEvent.InformationShared;
import jp.kanmin.shared.participation.ParticipationEvent.ParticipationStarted;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.ReportingChain;
import jp.kanmin.shared.report.DamageScale;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.sharing.ExchangeTopic;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateLifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * 情報共有: what one organisation owes others under sharing agreements in an incident and what reached it, a part of
 * its participation. It settles each obligation's slots (due, missed, met by a sharing) and keeps its inbox for
 * acknowledgements and forwards.
 */
public class InformationExchange {

    private ParticipationId participationId;
    /** Where the slots count from: zero hour, or the organisation's registration if later. */
    private Instant origin;
    private final Map<String, SharingObligation> obligations = new LinkedHashMap<>();
    private final Map<String, Received> inbox = new HashMap<>();
    private final Map<String, Lapse> lapses = new HashMap<>();

    /** How an obligation's boundaries and a missed slot's escalation are watched; the aggregate keeps the deadlines. */
    public interface BoundaryWatch {

        /** Watch the obligation's next boundary instead of any watched before; none when it has nothing to watch. */
        void watchNext(String obligation, Optional<Instant> at);

        /** Escalation step {@code step} of the obligation's missed slot falls due at {@code at}. */
        void escalateAt(String obligation, int step, Instant at);

        /** A sharing made up for the miss: nobody up the chain needs telling. */
        void stopEscalating(String obligation);
    }

    /** A missed slot not yet made up for, when the miss was recorded, and the last escalation step recorded for it. */
    private record Lapse(ExchangeMissed missed, Instant since, int escalated) {
    }

    /** Information that reached this organisation, and whether it acknowledged it. */
    private record Received(InformationReceived receipt, boolean acknowledged) {
        String original() {
            return receipt.originalExchangeId() != null ? receipt.originalExchangeId() : receipt.exchangeId();
        }
    }

    /** The name an obligation is known by, in its deadlines too. */
    public static String obligation(String agreementId, OrganisationId recipient) {
        return SharingObligation.key(agreementId, recipient);
    }

    /**
     * A sharing agreement now binds this organisation; activating it again changes nothing. Slots are owed from the
     * origin, or from when an agreement made later came into force; slots that fell due before the activation are
     * settled at once (missed, or due and still open).
     *
     * @param scale the damage scale now declared where the agreement applies, which sets its cadence's bands
     */
    public void activate(ActivateSharingObligation command, Cadence cadence, DamageScale scale, BoundaryWatch watch) {
        String key = SharingObligation.key(command.agreementId(), command.recipient());
        if (obligations.containsKey(key) || command.recipient().equals(participationId.organisationId())) {
            return;
        }
        Instant now = GenericEventMessage.clock.instant();
        Instant from = command.agreedAt() == null ? origin : latest(origin, command.agreedAt());
        AggregateLifecycle.apply(new ExchangeScheduled(participationId, command.agreementId(), command.recipient(),
                                                       command.topic(), command.cadence(), command.district(), scale,
                                                       from, cadence.bandsFor(scale)));
        settle(obligations.get(key), now, watch);
    }

    /** 被害規模: obligations whose cadence follows the scale are re-planned from now with the scale's bands. */
    public void scaleApplied(DamageScale scale, String district, SharingCadences cadences, BoundaryWatch watch) {
        Instant now = GenericEventMessage.clock.instant();
        for (SharingObligation obligation : List.copyOf(obligations.values())) {
            Cadence cadence = cadences.cadence(obligation.cadence);
            if (cadence.followsScale() && (obligation.district == null || obligation.district.equals(district))) {
                AggregateLifecycle.apply(new ExchangeScheduled(participationId, obligation.agreementId,
                                                               obligation.recipient, obligation.topic,
                                                               obligation.cadence, obligation.district, scale, now,
                                                               cadence.bandsFor(scale)));
                watch.watchNext(obligation.key(), obligation.nextBoundary(origin, now));
            }
        }
    }

    /**
     * 情報共有: what it tells meets the earliest open slot of each obligation toward those it tells.
     *
     * @param reportsMustBeOurOwn refuses reports the organisation did not make
     * @return what the information was about
     */
    public ExchangeTopic share(ShareInformation command, Consumer<List<ReportId>> reportsMustBeOurOwn,
                               BoundaryWatch watch) {
        if (command.recipients().isEmpty() || command.recipients().contains(participationId.organisationId())) {
            throw RuleViolation.invalid("to", "other-organisations", "information is shared with other organisations");
        }
        String original = null;
        ExchangeTopic topic = command.topic();
        if (command.forwardOf() != null) {
            Received received = received(command.forwardOf());
            original = received.original();
            topic = topic != null ? topic : received.receipt().topic();
        }
        if (topic == null) {
            throw RuleViolation.invalid("topic", "required", "say what the information is about");
        }
        reportsMustBeOurOwn.accept(command.reports());
        ExchangeTopic about = topic;
        Instant now = GenericEventMessage.clock.instant();
        List<SlotMet> slots = obligations.values().stream()
                                         .filter(o -> o.concerns(about, command.recipients()))
                                         .flatMap(o -> o.slotMetBy(origin, now).stream())
                                         .toList();
        AggregateLifecycle.apply(new InformationShared(participationId, command.exchangeId(), command.recipients(),
                                                       command.chainLevel(), about, command.text(), command.reports(),
                                                       command.forwardOf(), original, slots));
        slots.forEach(slot -> watch.stopEscalating(SharingObligation.key(slot.agreementId(), slot.recipient())));
        return about;
    }

    public void receive(ReceiveInformation command) {
        if (!inbox.containsKey(command.exchangeId())) {
            AggregateLifecycle.apply(new InformationReceived(participationId, command.exchangeId(), command.from(),
                                                             command.topic(), command.sharedAt(),
                                                             command.originalExchangeId()));
        }
    }

    /** 受領確認: once; acknowledging again changes nothing. */
    public void acknowledge(AcknowledgeInformation command) {
        Received received = received(command.exchangeId());
        if (!received.acknowledged()) {
            AggregateLifecycle.apply(new InformationAcknowledged(participationId, command.exchangeId(),
                                                                 received.receipt().from(),
                                                                 received.receipt().sharedAt(), command.note()));
        }
    }

    /**
     * A slot fell due or closed at {@code at}: say so on the timeline, then watch for the next; a slot missed now goes
     * up the chain after {@code escalateAfter} unless a sharing makes up for it.
     */
    public void boundaryReached(String obligation, Instant at, Duration escalateAfter, BoundaryWatch watch) {
        SharingObligation reached = obligations.get(obligation);
        if (reached != null) {
            boolean missedBefore = lapses.containsKey(obligation);
            // A deadline fires at or after its time; never act as if earlier than it.
            settle(reached, latest(GenericEventMessage.clock.instant(), at), watch);
            if (!missedBefore && lapses.containsKey(obligation)) {
                watch.escalateAt(obligation, 1, ReportingChain.stepAt(lapses.get(obligation).since(), escalateAfter, 1));
            }
        }
    }

    /**
     * 督促: a missed slot nobody made up for goes to the organisation's parents taking part, then to the HQ, leaving
     * out the recipient; a step already recorded (its deadline run twice) or nobody left to tell records nothing.
     */
    public void escalationDue(String obligation, int step, ReportingChain chain, Duration escalateAfter,
                              BoundaryWatch watch) {
        Lapse lapse = lapses.get(obligation);
        if (lapse == null || lapse.escalated() >= step) {
            return;
        }
        ExchangeMissed missed = lapse.missed();
        ReportingChain.Step told = chain.at(step, participationId.organisationId(), List.of(missed.recipient()));
        if (told != null) {
            AggregateLifecycle.apply(new ExchangeEscalated(participationId, missed.agreementId(), missed.recipient(),
                                                           missed.topic(), missed.due(), step, told.level(),
                                                           told.to()));
            if (!told.last()) {
                watch.escalateAt(obligation, step + 1, ReportingChain.stepAt(lapse.since(), escalateAfter, step + 1));
            }
        }
    }

    /** Watches every obligation's next boundary again (deadlines lost with a store, or paused while closed). */
    public void watchAgain(BoundaryWatch watch) {
        Instant now = GenericEventMessage.clock.instant();
        obligations.values().forEach(obligation -> watch.watchNext(obligation.key(),
                                                                   obligation.nextBoundary(origin, now)));
    }

    private void settle(SharingObligation obligation, Instant now, BoundaryWatch watch) {
        obligation.boundary(participationId, origin, now).forEach(AggregateLifecycle::apply);
        watch.watchNext(obligation.key(), obligation.nextBoundary(origin, now));
    }

    private Received received(String exchangeId) {
        Received received = inbox.get(exchangeId);
        if (received == null) {
            throw RuleViolation.notFound("exchange-not-received",
                                         "your organisation did not receive exchange " + exchangeId);
        }
        return received;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @EventSourcingHandler
    void on(ParticipationStarted event) {
        participationId = event.participationId();
        origin = event.obligationsOrigin();
    }

    @EventSourcingHandler
    void on(ExchangeScheduled event) {
        obligations.computeIfAbsent(SharingObligation.key(event.agreementId(), event.recipient()),
                                    key -> new SharingObligation(event)).scheduled(event);
    }

    @EventSourcingHandler
    void on(InformationShared event) {
        event.slotsMet().forEach(slot -> {
            String key = SharingObligation.key(slot.agreementId(), slot.recipient());
            obligations.get(key).met(slot);
            lapses.remove(key);
        });
    }

    @EventSourcingHandler
    void on(ExchangeEscalated event) {
        lapses.computeIfPresent(SharingObligation.key(event.agreementId(), event.recipient()),
                                (key, lapse) -> new Lapse(lapse.missed(), lapse.since(), event.step()));
    }

    @EventSourcingHandler
    void on(InformationReceived event) {
        inbox.put(event.exchangeId(), new Received(event, false));
    }

    @EventSourcingHandler
    void on(InformationAcknowledged event) {
        inbox.computeIfPresent(event.exchangeId(), (id, received) -> new Received(received.receipt(), true));
    }

    @EventSourcingHandler
    void on(ExchangeDue event) {
        obligations.get(SharingObligation.key(event.agreementId(), event.recipient())).due(event.due());
    }

    @EventSourcingHandler
    void on(ExchangeMissed event, @Timestamp Instant recordedAt) {
        String key = SharingObligation.key(event.agreementId(), event.recipient());
        obligations.get(key).missed(event.due());
        lapses.putIfAbsent(key, new Lapse(event, recordedAt, 0));
    }
}
