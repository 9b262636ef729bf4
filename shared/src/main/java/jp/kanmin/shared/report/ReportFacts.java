package jp.kanmin.shared.report;

import java.time.Instant;

/**
 * What every status report carries besides its content.
 *
 * @param observedAt  when the fact was observed on the ground; the event's own timestamp says when the system learned
 *                    it, so "what happened at 14:00" and "what did the HQ know at 14:00" are both answerable
 * @param unconfirmed 未確認: reported as heard, not yet confirmed
 * @param supersedes  the earlier report of the same kind this one corrects (訂正); corrections never edit in place
 * @param note        free text, kept verbatim
 * @param area        where it applies, if it applies to one area
 */
public record ReportFacts(Instant observedAt, boolean unconfirmed, ReportId supersedes, String note, Area area) {

    public static ReportFacts observedAt(Instant observedAt) {
        return new ReportFacts(observedAt, false, null, null, null);
    }

    public ReportFacts withArea(Area placed) {
        return new ReportFacts(observedAt, unconfirmed, supersedes, note, placed);
    }

    public ReportFacts withNote(String text) {
        return new ReportFacts(observedAt, unconfirmed, supersedes, text, area);
    }
}
