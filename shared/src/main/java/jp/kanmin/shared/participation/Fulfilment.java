package jp.kanmin.shared.participation;

import jp.kanmin.shared.report.ReportId;
/** What completed a task: a report, an exchange, or a person by hand ({@code id} null). */
public record Fulfilment(Kind kind, String id) {

    public enum Kind { REPORT, EXCHANGE, DECLARATION, BY_HAND }

    public static Fulfilment report(ReportId report) {
        return new Fulfilment(Kind.REPORT, report.value());
    }

    public static Fulfilment byHand() {
        return new Fulfilment(Kind.BY_HAND, null);
    }
}
