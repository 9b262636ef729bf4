package jp.kanmin.shared.exchange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The slots a sharing obligation must meet: computed from zero hour and the bands in force, which change when a new
 * damage scale is declared (a new segment from that moment). Pure, so the aggregate that keeps the obligation and the
 * read models that report on it compute the same slots.
 */
public final class CadenceSchedule {

    /**
     * Bands in force from an instant on. Offsets always count from zero hour; the first segment starts when the
     * obligation did (zero hour, or later for an organisation that joined later), so nothing before it is owed.
     */
    public record Segment(Instant from, List<Band> bands) {
        public Segment {
            bands = List.copyOf(bands);
        }
    }

    /**
     * One slot: a sharing after {@code opensAt} (the previous slot's due time) and by {@code due} meets it on time; one
     * after {@code due} and by {@code closesAt} (halfway to the next slot of the schedule it fell due under) meets it
     * late; unmet at {@code closesAt} it is missed, and a sharing after that counts for the next slot.
     * {@code segment} is the index of the schedule in force when it fell due (the table it counts under).
     */
    public record Slot(Instant opensAt, Instant due, Instant closesAt, int segment) {
    }

    /** How far past {@code until} to look for the slot that closes the last one. */
    private static final java.time.Duration LOOK_AHEAD = java.time.Duration.ofDays(400);

    private CadenceSchedule() {
    }

    /** The slots due at or before {@code until}, in order. */
    public static List<Slot> slots(Instant zeroHour, List<Segment> segments, Instant until) {
        return slots(zeroHour, segments, until, 0);
    }

    /** The slots due at or before {@code until} and the first one after it, if any: what is open at {@code until}. */
    public static List<Slot> slotsAndNext(Instant zeroHour, List<Segment> segments, Instant until) {
        return slots(zeroHour, segments, until, 1);
    }

    private static List<Slot> slots(Instant zeroHour, List<Segment> segments, Instant until, int beyond) {
        if (segments.isEmpty()) {
            return List.of();
        }
        Instant limit = until.plus(LOOK_AHEAD);
        List<Instant> dues = dues(zeroHour, segments, limit);
        // Each segment's own rhythm, as if no later re-plan had come: a slot closes where its own schedule put the
        // next one, so a new declaration never closes a slot already owed earlier than it would have closed.
        List<List<Instant>> own = new ArrayList<>();
        for (Segment segment : segments) {
            own.add(dues(zeroHour, List.of(new Segment(segment.from(), segment.bands())), limit));
        }
        List<Slot> slots = new ArrayList<>();
        int after = 0;
        for (int i = 0; i < dues.size() && (!dues.get(i).isAfter(until) || after++ < beyond); i++) {
            Instant due = dues.get(i);
            int segment = segmentOf(segments, due);
            Instant opensAt = i == 0 ? segments.getFirst().from() : dues.get(i - 1);
            Instant next = firstAfter(own.get(segment), due);
            if (next == null) {
                next = rhythmAfter(zeroHour, segments.subList(0, segment + 1), due);
            }
            Instant closesAt = due.plus(java.time.Duration.between(due, next).dividedBy(2));
            slots.add(new Slot(opensAt, due, closesAt, segment));
        }
        return slots;
    }

    /** The first instant of an ordered list after {@code t}, or null. */
    private static Instant firstAfter(List<Instant> ordered, Instant t) {
        int at = java.util.Collections.binarySearch(ordered, t);
        int next = at >= 0 ? at + 1 : -at - 1;
        return next < ordered.size() ? ordered.get(next) : null;
    }

    /** The schedule a slot due at {@code due} fell due under: a slot exactly at a re-plan belongs to the one before. */
    static int segmentOf(List<Segment> segments, Instant due) {
        int segment = 0;
        for (int s = 1; s < segments.size(); s++) {
            if (segments.get(s).from().isBefore(due)) {
                segment = s;
            }
        }
        return segment;
    }

    /** Every due time up to {@code limit}: each segment's bands, within the segment. */
    static List<Instant> dues(Instant zeroHour, List<Segment> segments, Instant limit) {
        TreeSet<Instant> dues = new TreeSet<>();
        ZonedDateTime zero = zeroHour.atZone(Band.JAPAN);
        for (int s = 0; s < segments.size(); s++) {
            Instant segmentStart = segments.get(s).from();
            Instant segmentEnd = s + 1 < segments.size() ? segments.get(s + 1).from() : limit;
            List<Band> bands = segments.get(s).bands();
            for (int b = 0; b < bands.size(); b++) {
                ZonedDateTime start = bands.get(b).start(zero);
                Instant bandEnd = b + 1 < bands.size() ? bands.get(b + 1).start(zero).toInstant() : limit;
                for (Instant due : bandDues(bands.get(b), start, min(bandEnd, limit))) {
                    // a slot exactly at a re-plan belongs to the schedule that was in force when it fell due
                    if (due.isAfter(segmentStart) && !due.isAfter(segmentEnd)) {
                        dues.add(due);
                    }
                }
            }
        }
        return List.copyOf(dues);
    }

    /** The band's due times in (start, end]. */
    static List<Instant> bandDues(Band band, ZonedDateTime start, Instant end) {
        List<Instant> dues = new ArrayList<>();
        switch (band.rhythm()) {
            case EVERY -> {
                for (ZonedDateTime t = start.plus(Band.amount(band.period())); !t.toInstant().isAfter(end);
                     t = t.plus(Band.amount(band.period()))) {
                    dues.add(t.toInstant());
                }
            }
            case DAILY_AT -> {
                for (LocalDate day = start.toLocalDate(); !day.atStartOfDay(Band.JAPAN).toInstant().isAfter(end);
                     day = day.plusDays(1)) {
                    for (LocalTime time : band.at()) {
                        Instant t = day.atTime(time).atZone(Band.JAPAN).toInstant();
                        if (t.isAfter(start.toInstant()) && !t.isAfter(end)) {
                            dues.add(t);
                        }
                    }
                }
            }
            case ONCE_WITHIN -> dues.add(min(start.plus(Band.amount(band.period())).toInstant(), end));
            case ON_CHANGE -> {
            }
        }
        return dues;
    }

    /** Where the rhythm of the band holding {@code due} would put the next slot, ignoring the band's end. */
    private static Instant rhythmAfter(Instant zeroHour, List<Segment> segments, Instant due) {
        ZonedDateTime zero = zeroHour.atZone(Band.JAPAN);
        Segment segment = segments.getFirst();
        for (Segment candidate : segments) {
            if (candidate.from().isBefore(due)) {
                segment = candidate;
            }
        }
        Band band = segment.bands().getFirst();
        for (Band candidate : segment.bands()) {
            if (candidate.start(zero).toInstant().isBefore(due)) {
                band = candidate;
            }
        }
        ZonedDateTime at = due.atZone(Band.JAPAN);
        return switch (band.rhythm()) {
            case EVERY, ONCE_WITHIN -> at.plus(Band.amount(band.period())).toInstant();
            case DAILY_AT -> bandDues(band, at, at.plusDays(1).toInstant()).getFirst();
            case ON_CHANGE -> at.plusDays(1).toInstant();
        };
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
