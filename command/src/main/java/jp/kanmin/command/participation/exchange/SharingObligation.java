package jp.kanmin.command.participation.exchange;

import jp.kanmin.shared.exchange.CadenceSchedule;
import jp.kanmin.shared.exchange.CadenceSchedule.Segment;
import jp.kanmin.shared.exchange.CadenceSchedule.Slot;
import jp.kanmin.shared.exchange.SlotMet;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeDue;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeMissed;
import jp.kanmin.shared.participation.ParticipationEvent.ExchangeScheduled;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.sharing.ExchangeTopic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a participation owes one recipient under a sharing agreement: the slots of its schedule and how each stands.
 * Part of an organisation's {@link InformationExchange}: it decides, the exchange records.
 */
final class SharingObligation {

    /** How far ahead to look for the next unmet slot; past it the obligation waits for the next sharing or re-plan. */
    private static final Duration HORIZON = Duration.ofDays(400);

    final String agreementId;
    final OrganisationId recipient;
    final ExchangeTopic topic;
    final String cadence;
    final String district;
    private final List<Segment> segments = new ArrayList<>();
    private final Set<Instant> met = new HashSet<>();
    private final Set<Instant> missed = new HashSet<>();
    private final Set<Instant> announced = new HashSet<>();

    SharingObligation(ExchangeScheduled first) {
        this.agreementId = first.agreementId();
        this.recipient = first.recipient();
        this.topic = first.topic();
        this.cadence = first.cadence();
        this.district = first.district();
    }

    static String key(String agreementId, OrganisationId recipient) {
        return agreementId + "/" + recipient;
    }

    String key() {
        return key(agreementId, recipient);
    }

    // ------------------------------------------------------------------------------- state, from events

    void scheduled(ExchangeScheduled event) {
        segments.removeIf(segment -> !segment.from().isBefore(event.effectiveFrom()));
        segments.add(new Segment(event.effectiveFrom(), event.bands()));
    }

    void met(SlotMet slot) {
        met.add(slot.due());
    }

    void due(Instant slot) {
        announced.add(slot);
    }

    void missed(Instant slot) {
        missed.add(slot);
    }

    // ---------------------------------------------------------------------------------------- decisions

    boolean concerns(ExchangeTopic sharedTopic, List<OrganisationId> recipients) {
        return topic == sharedTopic && recipients.contains(recipient);
    }

    /**
     * The slot a sharing at {@code at} meets: the one that just fell due, late, while it is unmet and not yet closed;
     * otherwise the next to fall due, on time.
     */
    Optional<SlotMet> slotMetBy(Instant zeroHour, Instant at) {
        List<Slot> slots = CadenceSchedule.slotsAndNext(zeroHour, segments, at);
        Optional<Slot> late = slots.stream()
                                   .filter(slot -> slot.due().isBefore(at) && slot.closesAt().isAfter(at))
                                   .filter(slot -> !resolved(slot.due()))
                                   .findFirst();
        Optional<Slot> chosen = late.isPresent() ? late
                : slots.stream().filter(slot -> !slot.due().isBefore(at) && !slot.opensAt().isAfter(at))
                       .filter(slot -> !resolved(slot.due())).findFirst();
        return chosen.map(slot -> new SlotMet(agreementId, recipient, slot.due(), lateness(slot, at)));
    }

    private static Duration lateness(Slot slot, Instant at) {
        return at.isAfter(slot.due()) ? Duration.between(slot.due(), at) : Duration.ZERO;
    }

    /** What has happened by {@code now}: slots that closed unmet are missed, slots that fell due unmet are due. */
    List<Object> boundary(ParticipationId participation, Instant zeroHour, Instant now) {
        List<Object> events = new ArrayList<>();
        for (Slot slot : CadenceSchedule.slots(zeroHour, segments, now)) {
            if (resolved(slot.due())) {
                continue;
            }
            if (!slot.closesAt().isAfter(now)) {
                events.add(new ExchangeMissed(participation, agreementId, recipient, topic, slot.due()));
            } else if (!announced.contains(slot.due())) {
                events.add(new ExchangeDue(participation, agreementId, recipient, topic, slot.due()));
            }
        }
        return events;
    }

    /**
     * When {@link #boundary} next has something to do: an unmet slot falls due or closes. Slots already met ahead of
     * time are passed over.
     */
    Optional<Instant> nextBoundary(Instant zeroHour, Instant now) {
        return CadenceSchedule.slots(zeroHour, segments, now.plus(HORIZON)).stream()
                              .filter(slot -> !resolved(slot.due()))
                              .map(slot -> slot.due().isAfter(now) ? slot.due() : slot.closesAt())
                              .filter(at -> at.isAfter(now))
                              .min(Instant::compareTo);
    }

    private boolean resolved(Instant slot) {
        return met.contains(slot) || missed.contains(slot);
    }

    /** Aggregate state must compare equal when rebuilt from its events (Axon's fixtures check that it does). */
    @Override
    public boolean equals(Object other) {
        return other instanceof SharingObligation that && agreementId.equals(that.agreementId)
                && recipient.equals(that.recipient) && topic == that.topic && cadence.equals(that.cadence)
                && java.util.Objects.equals(district, that.district) && segments.equals(that.segments)
                && met.equals(that.met) && missed.equals(that.missed) && announced.equals(that.announced);
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }
}
