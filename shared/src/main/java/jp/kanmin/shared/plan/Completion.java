package jp.kanmin.shared.plan;

import jp.kanmin.shared.sharing.ExchangeTopic;
import jp.kanmin.shared.report.ReportType;

/**
 * What completes a task by itself: a report of a type, or information shared on a topic. A task with neither is
 * completed by hand.
 */
public record Completion(ReportType report, ExchangeTopic exchange) {

    public static Completion byReport(ReportType type) {
        return new Completion(type, null);
    }

    public static Completion byExchange(ExchangeTopic topic) {
        return new Completion(null, topic);
    }
}
