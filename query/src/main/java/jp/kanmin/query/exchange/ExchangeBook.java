package jp.kanmin.query.exchange;

import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.query.support.Rendered;
import jp.kanmin.shared.exchange.Band;
import jp.kanmin.shared.exchange.Cadence;
import jp.kanmin.shared.exchange.SharingCadences;
import jp.kanmin.shared.exchange.CadenceSchedule;
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
import jp.kanmin.shared.report.DamageScale;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who told whom what, and when, in one incident (情報共有): the information shared with its receipts and
 * acknowledgements, each sharing obligation's schedule and slots, and when each participant was last heard from.
 * Folded from events by the same transitions live and "as of" an instant; compliance, the exchange matrix and the
 * silent organisations are computed from it for a given "now".
 */
public final class ExchangeBook implements TimelineEvents.Fold {

    /** What this book rendered, for the next requests it answers (see {@link Rendered}). */
    final Rendered rendered = new Rendered();

    static final String EXCHANGES = "exchanges";
    static final String OBLIGATIONS = "obligations";
    static final String PARTIES = "parties";

    /** A recipient's copy: when it arrived and when (and how) it was acknowledged. */
    public record Receipt(Instant receivedAt, Instant acknowledgedAt, String note) {
    }

    public record Exchange(String exchangeId, String from, List<String> recipients, String chainLevel, String topic,
                           String text, Instant sharedAt, String forwardedFrom, String originalExchangeId,
                           Map<String, Receipt> receipts) {

        Exchange withReceipt(String recipient, Receipt receipt) {
            Map<String, Receipt> next = new LinkedHashMap<>(receipts);
            next.put(recipient, receipt);
            return new Exchange(exchangeId, from, recipients, chainLevel, topic, text, sharedAt, forwardedFrom,
                                originalExchangeId, next);
        }

        Receipt receiptOf(String recipient) {
            return receipts.getOrDefault(recipient, new Receipt(null, null, null));
        }
    }

    /** One schedule of an obligation, in force from {@code effectiveFrom} (a declared scale starts a new one). */
    public record Schedule(Instant effectiveFrom, DamageScale scale, List<Band> bands) {
    }

    /** A slot met by a sharing, on time (zero lateness) or late. */
    public record Met(Instant due, Instant sharedAt, Duration lateness, String exchangeId) {
    }

    public record Obligation(String sender, String agreementId, String recipient, String topic, String cadence,
                             String district, List<Schedule> schedules, List<Met> met, List<Instant> missed,
                             List<Instant> announced) {

        static String key(String sender, String agreementId, String recipient) {
            return sender + "|" + agreementId + "|" + recipient;
        }

        String key() {
            return key(sender, agreementId, recipient);
        }

        Obligation with(List<Schedule> schedules, List<Met> met, List<Instant> missed, List<Instant> announced) {
            return new Obligation(sender, agreementId, recipient, topic, cadence, district, schedules, met, missed,
                                  announced);
        }
    }

    /**
     * A participant, and the last time it reported, shared, acknowledged or worked on a task. {@code origin} is where
     * its obligations count from (zero hour, or its registration: see {@code ObligationsFrom}).
     */
    public record Party(String organisationId, String type, Instant origin, Instant startedAt, Instant lastHeardAt,
                        String lastHeardBy) {
    }

    final Map<String, Exchange> exchanges = new LinkedHashMap<>();
    final Map<String, Obligation> obligations = new LinkedHashMap<>();
    final Map<String, Party> parties = new LinkedHashMap<>();

    @Override
    public void apply(Object event, Instant recordedAt) {
        switch (event) {
            case ParticipationStarted e -> parties.put(e.organisationId().value(), started(e, recordedAt));
            case InformationShared e -> {
                exchanges.put(e.exchangeId(), shared(e, recordedAt));
                for (SlotMet slot : e.slotsMet()) {
                    String key = Obligation.key(e.organisationId().value(), slot.agreementId(),
                                                slot.recipient().value());
                    obligations.computeIfPresent(key, (k, o) -> met(o, slot, recordedAt, e.exchangeId()));
                }
                heard(e, recordedAt, "InformationShared");
            }
            case InformationReceived e -> exchanges.computeIfPresent(e.exchangeId(), (k, x) -> received(x, e, recordedAt));
            case InformationAcknowledged e -> {
                exchanges.computeIfPresent(e.exchangeId(), (k, x) -> acknowledged(x, e, recordedAt));
                heard(e, recordedAt, "InformationAcknowledged");
            }
            case ExchangeScheduled e -> {
                String key = Obligation.key(e.organisationId().value(), e.agreementId(), e.recipient().value());
                obligations.put(key, scheduled(obligations.get(key), e));
            }
            case ExchangeDue e -> obligations.computeIfPresent(
                    Obligation.key(e.organisationId().value(), e.agreementId(), e.recipient().value()),
                    (k, o) -> announced(o, e.due()));
            case ExchangeMissed e -> obligations.computeIfPresent(
                    Obligation.key(e.organisationId().value(), e.agreementId(), e.recipient().value()),
                    (k, o) -> missed(o, e.due()));
            case Report e -> heard(e, recordedAt, e.getClass().getSimpleName());
            case TaskStarted e -> heard(e, recordedAt, "TaskStarted");
            case TaskCompleted e -> heard(e, recordedAt, "TaskCompleted");
            default -> {
            }
        }
    }

    private void heard(ParticipationEvent event, Instant at, String what) {
        parties.computeIfPresent(event.organisationId().value(), (k, p) -> heard(p, at, what));
    }

    // ---------------------------------------------------------------------------------- transitions (pure)

    static Party started(ParticipationStarted e, Instant at) {
        return new Party(e.organisationId().value(), e.organisationType().name(), e.obligationsOrigin(), at, null,
                         null);
    }

    static Party heard(Party party, Instant at, String what) {
        return new Party(party.organisationId(), party.type(), party.origin(), party.startedAt(), at, what);
    }

    static Exchange shared(InformationShared e, Instant at) {
        return new Exchange(e.exchangeId(), e.organisationId().value(),
                            e.recipients().stream().map(r -> r.value()).toList(), e.chainLevel(), e.topic().name(),
                            e.text(), at, e.forwardedFrom(), e.originalExchangeId(), Map.of());
    }

    static Exchange received(Exchange exchange, InformationReceived e, Instant at) {
        Receipt current = exchange.receiptOf(e.organisationId().value());
        return current.receivedAt() != null ? exchange
                : exchange.withReceipt(e.organisationId().value(), new Receipt(at, current.acknowledgedAt(), null));
    }

    static Exchange acknowledged(Exchange exchange, InformationAcknowledged e, Instant at) {
        Receipt current = exchange.receiptOf(e.organisationId().value());
        return current.acknowledgedAt() != null ? exchange
                : exchange.withReceipt(e.organisationId().value(), new Receipt(current.receivedAt(), at, e.note()));
    }

    static Obligation scheduled(Obligation current, ExchangeScheduled e) {
        Schedule schedule = new Schedule(e.effectiveFrom(), e.scale(), e.bands());
        if (current == null) {
            return new Obligation(e.organisationId().value(), e.agreementId(), e.recipient().value(), e.topic().name(),
                                  e.cadence(), e.district(), List.of(schedule), List.of(), List.of(), List.of());
        }
        List<Schedule> schedules = new ArrayList<>(current.schedules().stream()
                                                          .filter(s -> s.effectiveFrom().isBefore(e.effectiveFrom()))
                                                          .toList());
        schedules.add(schedule);
        return current.with(List.copyOf(schedules), current.met(), current.missed(), current.announced());
    }

    static Obligation met(Obligation o, SlotMet slot, Instant at, String exchangeId) {
        if (o.met().stream().anyMatch(m -> m.due().equals(slot.due()))) {
            return o;
        }
        List<Met> met = new ArrayList<>(o.met());
        met.add(new Met(slot.due(), at, slot.lateness(), exchangeId));
        return o.with(o.schedules(), List.copyOf(met), o.missed(), o.announced());
    }

    static Obligation missed(Obligation o, Instant due) {
        return o.missed().contains(due) ? o : o.with(o.schedules(), o.met(), append(o.missed(), due), o.announced());
    }

    static Obligation announced(Obligation o, Instant due) {
        return o.announced().contains(due) ? o : o.with(o.schedules(), o.met(), o.missed(), append(o.announced(), due));
    }

    private static List<Instant> append(List<Instant> list, Instant value) {
        List<Instant> next = new ArrayList<>(list);
        next.add(value);
        return List.copyOf(next);
    }

    // ------------------------------------------------------------------------------------------------ views

    /** A copy that reached its recipient and was never acknowledged (未確認). */
    public record Unacknowledged(String exchangeId, String from, String recipient, String topic, Instant sharedAt,
                                 Instant receivedAt) {
    }

    public List<Unacknowledged> unacknowledged() {
        return exchanges.values().stream()
                        .flatMap(x -> x.receipts().entrySet().stream()
                                       .filter(r -> r.getValue().receivedAt() != null
                                                    && r.getValue().acknowledgedAt() == null)
                                       .map(r -> new Unacknowledged(x.exchangeId(), x.from(), r.getKey(), x.topic(),
                                                                    x.sharedAt(), r.getValue().receivedAt())))
                        .sorted(Comparator.comparing(Unacknowledged::sharedAt))
                        .toList();
    }

    /**
     * How one obligation stands at {@code now}. The ratio is on-time slots over slots fallen due. {@code scale} is the
     * table in force now: for a cadence that follows the declared damage scale it is never null (until a scale is
     * declared, the cadence's stated default applies, with {@code scaleDeclared} false); for a cadence with one table
     * it is null. {@code slots} lists every slot fallen due with the table it counted under and how it stands;
     * {@code upcoming} the next ones to fall due.
     */
    public record Compliance(String sender, String recipient, String agreementId, String topic, String cadence,
                             DamageScale scale, boolean scaleDeclared, Instant owedFrom, int expected, int onTime,
                             int late, int missed, int outstanding, Duration maxLateness, Duration totalLateness,
                             BigDecimal ratio, Instant lastShared, Instant nextDue, int acknowledged,
                             int unacknowledged, Duration maxAcknowledgementDelay, List<Instant> missedSlots,
                             List<SlotView> slots, List<SlotView> upcoming) {
    }

    public enum SlotState { ON_TIME, LATE, MISSED, OUTSTANDING, UPCOMING }

    /** One slot with the table it counts under ({@code scale} as for {@link Compliance}) and how it stands. */
    public record SlotView(Instant due, Instant closesAt, DamageScale scale, boolean scaleDeclared, SlotState state,
                           Instant sharedAt, Duration lateness) {
    }

    static final int UPCOMING = 5;

    public List<Compliance> compliance(Instant now) {
        return obligations.values().stream().map(o -> compliance(o, now))
                          .sorted(Comparator.comparing(Compliance::sender).thenComparing(Compliance::recipient)
                                            .thenComparing(Compliance::agreementId))
                          .toList();
    }

    /**
     * 共有予定: every slot an organisation owes up to {@code until}, to each recipient of each of its agreements, with
     * how each stands at {@code now} (an office calendar shows them beside the task deadlines).
     */
    public record OwedSlot(String recipient, String agreementId, String topic, Instant due, SlotState state) {
    }

    public List<OwedSlot> slotsOwedBy(String organisationId, Instant now, Instant until) {
        List<OwedSlot> owed = new ArrayList<>();
        for (Obligation o : obligations.values()) {
            if (!o.sender().equals(organisationId)) {
                continue;
            }
            Map<Instant, SlotState> fallenDue = new HashMap<>();
            compliance(o, now).slots().forEach(slot -> fallenDue.put(slot.due(), slot.state()));
            Set<Instant> met = o.met().stream().map(Met::due).collect(Collectors.toSet());
            for (CadenceSchedule.Slot slot : slotsOf(o, until)) {
                SlotState state = fallenDue.getOrDefault(slot.due(), met.contains(slot.due()) ? SlotState.ON_TIME
                        : SlotState.UPCOMING);
                owed.add(new OwedSlot(o.recipient(), o.agreementId(), o.topic(), slot.due(), state));
            }
        }
        owed.sort(Comparator.comparing(OwedSlot::due).thenComparing(OwedSlot::recipient));
        return owed;
    }

    /** The obligation's slots due up to {@code until}, counted from its sender's origin. */
    private List<CadenceSchedule.Slot> slotsOf(Obligation o, Instant until) {
        Instant origin = parties.containsKey(o.sender()) ? parties.get(o.sender()).origin()
                : o.schedules().getFirst().effectiveFrom();
        List<CadenceSchedule.Segment> segments = o.schedules().stream()
                .map(s -> new CadenceSchedule.Segment(s.effectiveFrom(), s.bands())).toList();
        return CadenceSchedule.slots(origin, segments, until);
    }

    Compliance compliance(Obligation o, Instant now) {
        List<CadenceSchedule.Slot> slots = slotsOf(o, now.plus(Duration.ofDays(400)));
        Map<Instant, Met> met = new LinkedHashMap<>();
        o.met().forEach(m -> met.put(m.due(), m));
        int expected = 0;
        int onTime = 0;
        int late = 0;
        int outstanding = 0;
        Duration maxLateness = Duration.ZERO;
        Duration totalLateness = Duration.ZERO;
        TreeSet<Instant> missed = new TreeSet<>(o.missed());
        Instant nextDue = null;
        List<SlotView> fallenDue = new ArrayList<>();
        List<SlotView> upcoming = new ArrayList<>();
        for (CadenceSchedule.Slot slot : slots) {
            Schedule schedule = o.schedules().get(slot.segment());
            DamageScale scale = tableOf(o.cadence(), schedule.scale());
            boolean declared = schedule.scale() != null;
            Met m = met.get(slot.due());
            if (slot.due().isAfter(now)) {
                if (nextDue == null && m == null) {
                    nextDue = slot.due(); // the next slot still to be met; ones met ahead of time are passed over
                }
                if (upcoming.size() < UPCOMING) {
                    upcoming.add(new SlotView(slot.due(), slot.closesAt(), scale, declared,
                                              m != null ? SlotState.ON_TIME : SlotState.UPCOMING,
                                              m == null ? null : m.sharedAt(), null));
                }
                continue;
            }
            expected++;
            SlotState state;
            if (m != null && !m.lateness().isPositive()) {
                onTime++;
                state = SlotState.ON_TIME;
            } else if (m != null) {
                late++;
                maxLateness = m.lateness().compareTo(maxLateness) > 0 ? m.lateness() : maxLateness;
                totalLateness = totalLateness.plus(m.lateness());
                state = SlotState.LATE;
            } else if (!slot.closesAt().isAfter(now) || missed.contains(slot.due())) {
                missed.add(slot.due()); // closed unmet, whether or not its deadline has been recorded yet
                state = SlotState.MISSED;
            } else {
                outstanding++;
                state = SlotState.OUTSTANDING;
            }
            fallenDue.add(new SlotView(slot.due(), slot.closesAt(), scale, declared, state,
                                       m == null ? null : m.sharedAt(), m == null ? null : m.lateness()));
        }
        List<Exchange> sent = exchanges.values().stream()
                                       .filter(x -> x.from().equals(o.sender()) && x.topic().equals(o.topic())
                                               && x.recipients().contains(o.recipient()))
                                       .toList();
        int acknowledged = 0;
        Duration maxAck = Duration.ZERO;
        for (Exchange x : sent) {
            Receipt receipt = x.receiptOf(o.recipient());
            if (receipt.acknowledgedAt() != null) {
                acknowledged++;
                Duration delay = Duration.between(x.sharedAt(), receipt.acknowledgedAt());
                maxAck = delay.compareTo(maxAck) > 0 ? delay : maxAck;
            }
        }
        BigDecimal ratio = expected == 0 ? null
                : BigDecimal.valueOf(onTime).divide(BigDecimal.valueOf(expected), 3, RoundingMode.HALF_UP);
        Schedule current = o.schedules().getLast();
        return new Compliance(o.sender(), o.recipient(), o.agreementId(), o.topic(), o.cadence(),
                              tableOf(o.cadence(), current.scale()), current.scale() != null,
                              o.schedules().getFirst().effectiveFrom(), expected, onTime, late, missed.size(),
                              outstanding, maxLateness, totalLateness, ratio,
                              sent.isEmpty() ? null : sent.getLast().sharedAt(), nextDue, acknowledged,
                              sent.size() - acknowledged, maxAck, List.copyOf(missed), List.copyOf(fallenDue),
                              List.copyOf(upcoming));
    }

    /** The table a schedule follows: the declared scale, or the cadence's default until one is declared. */
    private static DamageScale tableOf(String cadence, DamageScale declared) {
        if (declared != null || !CADENCES.exists(cadence)) {
            return declared;
        }
        Cadence rules = CADENCES.cadence(cadence);
        return rules.followsScale() ? rules.untilDeclared() : null;
    }

    private static final SharingCadences CADENCES = SharingCadences.defaults();

    /**
     * How an organisation acknowledges what it is told (受領確認): acknowledged within {@code within}, late, or not
     * yet; the longest delay.
     */
    public record Acknowledgements(String organisationId, int received, int onTime, int late, int unacknowledged,
                                   Duration maxDelay) {
    }

    public List<Acknowledgements> acknowledgements(Instant now, Duration within) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Duration> maxDelay = new LinkedHashMap<>();
        for (Exchange x : exchanges.values()) {
            for (String recipient : x.recipients()) {
                int[] c = counts.computeIfAbsent(recipient, r -> new int[4]);
                Receipt receipt = x.receiptOf(recipient);
                c[0]++;
                if (receipt.acknowledgedAt() == null) {
                    c[3]++;
                    continue;
                }
                Duration delay = Duration.between(x.sharedAt(), receipt.acknowledgedAt());
                c[delay.compareTo(within) > 0 ? 2 : 1]++;
                maxDelay.merge(recipient, delay, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        return counts.entrySet().stream()
                     .map(e -> new Acknowledgements(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2],
                                                    e.getValue()[3], maxDelay.getOrDefault(e.getKey(), Duration.ZERO)))
                     .sorted(Comparator.comparing(Acknowledgements::organisationId))
                     .toList();
    }

    /** One cell of the exchange matrix: sender → recipient on a topic. */
    public record Cell(String sender, String recipient, String topic, Instant lastShared, Instant nextDue, int shared,
                       int late, int missed, int unacknowledged) {
    }

    public List<Cell> matrix(Instant now) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (Exchange x : exchanges.values()) {
            for (String recipient : x.recipients()) {
                String key = x.from() + "|" + recipient + "|" + x.topic();
                Cell cell = cells.getOrDefault(key, new Cell(x.from(), recipient, x.topic(), null, null, 0, 0, 0, 0));
                boolean unacknowledged = x.receiptOf(recipient).acknowledgedAt() == null;
                cells.put(key, new Cell(cell.sender(), recipient, cell.topic(), x.sharedAt(), null, cell.shared() + 1,
                                        0, 0, cell.unacknowledged() + (unacknowledged ? 1 : 0)));
            }
        }
        for (Obligation o : obligations.values()) {
            Compliance c = compliance(o, now);
            String key = o.sender() + "|" + o.recipient() + "|" + o.topic();
            Cell cell = cells.getOrDefault(key, new Cell(o.sender(), o.recipient(), o.topic(), null, null, 0, 0, 0, 0));
            Instant nextDue = cell.nextDue() == null || (c.nextDue() != null && c.nextDue().isBefore(cell.nextDue()))
                    ? c.nextDue() : cell.nextDue();
            cells.put(key, new Cell(cell.sender(), cell.recipient(), cell.topic(), cell.lastShared(), nextDue,
                                    cell.shared(), cell.late() + c.late(), cell.missed() + c.missed(),
                                    cell.unacknowledged()));
        }
        return cells.values().stream().sorted(Comparator.comparing(Cell::sender).thenComparing(Cell::recipient)
                                                        .thenComparing(Cell::topic)).toList();
    }

    /**
     * 連絡の取れない組織: participants not heard from for {@code silentFor}; the plans treat an area that cannot be
     * reached as possibly suffering large-scale damage.
     */
    public record Silent(String organisationId, String type, Instant lastHeardAt, String lastHeardBy,
                         Duration silentFor, boolean presumedLargeScaleDamage) {
    }

    public List<Silent> silent(Instant now, Duration silentFor) {
        return parties.values().stream()
                      .map(p -> {
                          Instant since = Optional.ofNullable(p.lastHeardAt()).orElse(p.startedAt());
                          return new Silent(p.organisationId(), p.type(), p.lastHeardAt(), p.lastHeardBy(),
                                            Duration.between(since, now), true);
                      })
                      .filter(s -> s.silentFor().compareTo(silentFor) >= 0)
                      .sorted(Comparator.comparing(Silent::silentFor).reversed())
                      .toList();
    }

    public List<Exchange> exchanges(String organisationId) {
        return exchanges.values().stream()
                        .filter(x -> organisationId == null || x.from().equals(organisationId)
                                || x.recipients().contains(organisationId))
                        .toList();
    }
}
