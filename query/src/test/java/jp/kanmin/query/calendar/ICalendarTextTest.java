package jp.kanmin.query.calendar;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Calendar text as RFC 5545 wants it: CRLF lines of at most 75 octets, folded between characters, text escaped. */
class ICalendarTextTest {

    static final Instant DUE = Instant.parse("2026-11-27T01:00:00Z");

    @Test
    void aLongJapaneseSummaryIsFoldedBetweenCharactersAndUnfoldsToItself() {
        String summary = "【訓練】【情報共有】被害状況 → 中芸地区商工会・馬路村・安田町・田野町・奈半利町・北川村の担当者";
        String text = ICalendarText.of("calendar", DUE,
                                       List.of(new ICalendarText.Event("uid@kanmin", DUE, 15, summary, null,
                                                                       "CONFIRMED")));

        assertThat(text).endsWith("\r\n").doesNotContain("\r\n\r\n");
        assertThat(Arrays.stream(text.split("\r\n")))
                .allSatisfy(line -> assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));
        assertThat(text.replace("\r\n ", "")).contains("SUMMARY:" + summary + "\r\n");
    }

    @Test
    void aDueTimeIsWrittenInJapanTimeAndTextIsEscaped() {
        String text = ICalendarText.of("a, b; c", DUE, List.of(new ICalendarText.Event(
                "uid@kanmin", DUE, 15, "共有, 10時; 15時", "line one\nline two", "CONFIRMED")));

        assertThat(text).contains("DTSTART;TZID=Asia/Tokyo:20261127T100000\r\n",
                                  "DTEND;TZID=Asia/Tokyo:20261127T101500\r\n",
                                  "X-WR-CALNAME:a\\, b\\; c\r\n", "SUMMARY:共有\\, 10時\\; 15時\r\n",
                                  "DESCRIPTION:line one\\nline two\r\n");
    }
}
