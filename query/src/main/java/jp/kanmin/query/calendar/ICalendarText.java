package jp.kanmin.query.calendar;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * RFC 5545 text of a calendar whose events are instants shown in Japan time: a fixed VTIMEZONE for Asia/Tokyo (no
 * daylight saving since 1951), times as {@code TZID=Asia/Tokyo} local times, text escaped and lines folded at 75
 * octets with CRLF endings, as calendar applications expect.
 */
final class ICalendarText {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                                                                  .withZone(ZoneId.of("UTC"));

    /** One event: a point in time shown for {@code minutes}; {@code status} CONFIRMED or CANCELLED. */
    record Event(String uid, Instant at, int minutes, String summary, String description, String status) {
    }

    private ICalendarText() {
    }

    static String of(String name, Instant stamp, List<Event> events) {
        StringBuilder text = new StringBuilder();
        line(text, "BEGIN:VCALENDAR");
        line(text, "VERSION:2.0");
        line(text, "PRODID:-//Kanmin Timeline//官民連携タイムライン//JA");
        line(text, "CALSCALE:GREGORIAN");
        line(text, "METHOD:PUBLISH");
        line(text, "X-WR-CALNAME:" + escape(name));
        line(text, "X-WR-TIMEZONE:" + TOKYO.getId());
        line(text, "BEGIN:VTIMEZONE");
        line(text, "TZID:" + TOKYO.getId());
        line(text, "BEGIN:STANDARD");
        line(text, "DTSTART:19700101T000000");
        line(text, "TZOFFSETFROM:+0900");
        line(text, "TZOFFSETTO:+0900");
        line(text, "TZNAME:JST");
        line(text, "END:STANDARD");
        line(text, "END:VTIMEZONE");
        for (Event event : events) {
            line(text, "BEGIN:VEVENT");
            line(text, "UID:" + escape(event.uid()));
            line(text, "DTSTAMP:" + UTC.format(stamp));
            line(text, "DTSTART;TZID=Asia/Tokyo:" + LOCAL.format(ZonedDateTime.ofInstant(event.at(), TOKYO)));
            line(text, "DTEND;TZID=Asia/Tokyo:"
                       + LOCAL.format(ZonedDateTime.ofInstant(event.at().plusSeconds(60L * event.minutes()), TOKYO)));
            line(text, "SUMMARY:" + escape(event.summary()));
            if (event.description() != null) {
                line(text, "DESCRIPTION:" + escape(event.description()));
            }
            line(text, "STATUS:" + event.status());
            line(text, "TRANSP:TRANSPARENT");
            line(text, "END:VEVENT");
        }
        line(text, "END:VCALENDAR");
        return text.toString();
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
                   .replace("\n", "\\n");
    }

    /** Folds a content line at 75 octets without splitting a UTF-8 character: each continuation starts with a space. */
    private static void line(StringBuilder text, String content) {
        int octets = 0;
        for (int i = 0; i < content.length(); ) {
            int codePoint = content.codePointAt(i);
            int width = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4; // UTF-8 octets
            if (octets + width > 75) {
                text.append("\r\n ");
                octets = 1;
            }
            text.appendCodePoint(codePoint);
            octets += width;
            i += Character.charCount(codePoint);
        }
        text.append("\r\n");
    }
}
