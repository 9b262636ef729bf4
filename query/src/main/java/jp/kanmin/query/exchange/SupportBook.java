package jp.kanmin.query.exchange;

import jp.kanmin.query.timeline.TimelineEvents;
import jp.kanmin.query.support.Rendered;
import jp.kanmin.shared.support.SupportRequestEvent;
import jp.kanmin.shared.support.SupportRequestEvent.SupportAccepted;
import jp.kanmin.shared.support.SupportRequestEvent.SupportDeclined;
import jp.kanmin.shared.support.SupportRequestEvent.SupportDelivered;
import jp.kanmin.shared.support.SupportRequestEvent.SupportRequestCancelled;
import jp.kanmin.shared.support.SupportRequestEvent.SupportRequestFulfilled;
import jp.kanmin.shared.support.SupportRequestEvent.SupportRequested;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** 応援要請 of an incident: each request, where each addressee stands, and how long open ones have waited. */
public final class SupportBook implements TimelineEvents.Fold {

    /** What this book rendered, for the next requests it answers (see {@link Rendered}). */
    final Rendered rendered = new Rendered();

    /** An addressee's answer: PENDING, ACCEPTED (with how much, and how much it delivered) or DECLINED. */
    public record Answer(String state, int accepted, int delivered, String reason, Instant answeredAt) {
    }

    /** A request; {@code state} is OPEN, FULFILLED or CANCELLED. */
    public record Request(String supportRequestId, String requester, boolean peers, String resource,
                          String description, int quantity, String unit, String priority, Instant neededBy,
                          Instant requestedAt, String state, int delivered, Instant closedAt, String reason,
                          Map<String, Answer> answers) {

        Request with(String state, int delivered, Instant closedAt, String reason, Map<String, Answer> answers) {
            return new Request(supportRequestId, requester, peers, resource, description, quantity, unit, priority,
                               neededBy, requestedAt, state, delivered, closedAt, reason, answers);
        }

        Request answered(String by, Answer answer) {
            Map<String, Answer> next = new LinkedHashMap<>(answers);
            next.put(by, answer);
            return with(state, delivered, closedAt, reason, next);
        }
    }

    final Map<String, Request> requests = new LinkedHashMap<>();

    @Override
    public void apply(Object event, Instant recordedAt) {
        if (event instanceof SupportRequestEvent e) {
            Request next = next(requests.get(e.supportRequestId()), e, recordedAt);
            if (next != null) {
                requests.put(e.supportRequestId(), next);
            }
        }
    }

    static Request next(Request current, SupportRequestEvent event, Instant at) {
        if (current == null) {
            return event instanceof SupportRequested e ? requested(e, at) : null;
        }
        String by = event.by().value();
        Answer answer = current.answers().getOrDefault(by, new Answer("PENDING", 0, 0, null, null));
        return switch (event) {
            case SupportRequested e -> current;
            case SupportAccepted e -> current.answered(by, new Answer("ACCEPTED", e.quantity(), 0, e.note(), at));
            case SupportDeclined e -> current.answered(by, new Answer("DECLINED", 0, 0, e.reason(), at));
            case SupportDelivered e -> {
                Request answered = current.answered(by, new Answer(answer.state(), answer.accepted(),
                                                                   answer.delivered() + e.quantity(), answer.reason(),
                                                                   answer.answeredAt()));
                yield answered.with(current.state(), e.delivered(), null, null, answered.answers());
            }
            case SupportRequestFulfilled e -> current.with("FULFILLED", e.delivered(), at, null, current.answers());
            case SupportRequestCancelled e -> current.with("CANCELLED", current.delivered(), at, e.reason(),
                                                           current.answers());
        };
    }

    private static Request requested(SupportRequested e, Instant at) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        e.addressees().forEach(a -> answers.put(a.value(), new Answer("PENDING", 0, 0, null, null)));
        return new Request(e.supportRequestId(), e.by().value(), e.peers(), e.resource().name(), e.description(),
                           e.quantity(), e.unit(), e.priority().name(), e.neededBy(), at, "OPEN", 0, null, null,
                           answers);
    }

    /** A request with how long it has waited at {@code now} (until it closed, for closed ones). */
    public record Aged(Request request, Duration age, boolean overdue) {
    }

    /** Requests, the longest-waiting open ones first; only open ones when {@code openOnly}. */
    public List<Aged> byAge(Instant now, boolean openOnly) {
        return requests.values().stream()
                       .filter(r -> !openOnly || "OPEN".equals(r.state()))
                       .map(r -> new Aged(r, Duration.between(r.requestedAt(), r.closedAt() != null ? r.closedAt() : now),
                                          "OPEN".equals(r.state()) && r.neededBy() != null && now.isAfter(r.neededBy())))
                       .sorted(Comparator.comparing((Aged a) -> !"OPEN".equals(a.request().state()))
                                         .thenComparing(Aged::age, Comparator.reverseOrder()))
                       .toList();
    }
}
