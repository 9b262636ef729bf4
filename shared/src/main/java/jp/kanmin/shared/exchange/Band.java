package jp.kanmin.shared.exchange;

import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAmount;
import java.util.List;

/**
 * One band of a sharing cadence (共有頻度): from an offset after zero hour, a rhythm of slots until the next band
 * starts.
 *
 * @param from       offset from zero hour, ISO-8601 (P7D, P1M, PT12H)
 * @param until      where the plan's table says the band ends, if it says; informational, see the cadence's reading
 * @param rhythm     how slots fall within the band
 * @param period     EVERY and ONCE_WITHIN: ISO-8601 period or duration
 * @param at         DAILY_AT: Japan times of day
 * @param ja         the plan's own words
 */
public record Band(String from, String until, Rhythm rhythm, String period, List<LocalTime> at, String ja) {

    public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    public enum Rhythm {
        /** a slot every period after the band starts */
        EVERY,
        /** a slot at each given Japan time, every day */
        DAILY_AT,
        /** one slot, this period after the band starts */
        ONCE_WITHIN,
        /** 状況に変化があった場合: no slots */
        ON_CHANGE
    }

    public Band {
        at = at == null ? List.of() : List.copyOf(at);
        amount(from);
        if (until != null) {
            amount(until);
        }
        switch (rhythm) {
            case EVERY, ONCE_WITHIN -> {
                if (period == null || isZeroOrNegative(amount(period))) {
                    throw new IllegalArgumentException(rhythm + " needs a positive period");
                }
            }
            case DAILY_AT -> {
                if (at.isEmpty()) {
                    throw new IllegalArgumentException("DAILY_AT needs at least one time of day");
                }
            }
            case ON_CHANGE -> {
            }
        }
    }

    /** ISO-8601: with a time part a duration (PT12H, PT84H), otherwise a period of days, weeks or months. */
    public static TemporalAmount amount(String iso) {
        try {
            return iso.contains("T") ? Duration.parse(iso) : Period.parse(iso);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + iso + "' is not an ISO-8601 period such as P7D, P1M or PT12H");
        }
    }

    private static boolean isZeroOrNegative(TemporalAmount amount) {
        return amount instanceof Duration d ? d.isZero() || d.isNegative() : ((Period) amount).isZero()
                || ((Period) amount).isNegative();
    }

    ZonedDateTime start(ZonedDateTime zeroHour) {
        return zeroHour.plus(amount(from));
    }
}
