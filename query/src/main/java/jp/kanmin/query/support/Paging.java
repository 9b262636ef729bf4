package jp.kanmin.query.support;

import jp.kanmin.shared.RuleViolation;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.List;

/**
 * Pages of a read model's list ({@code ?offset=&limit=}). The total and the link to the next page travel in headers
 * ({@code X-Total-Count}, {@code Link: <…>; rel="next"}, RFC 8288), so every answer keeps its shape and the first
 * page of a short list is the whole list.
 */
public record Paging(int offset, int limit) {

    public static final int DEFAULT_LIMIT = 500;
    public static final int MAX_LIMIT = 1000;

    public static Paging of(Integer offset, Integer limit) {
        int from = offset == null ? 0 : offset;
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (from < 0) {
            throw RuleViolation.invalid("offset", "minimum", "offset must be 0 or more");
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw RuleViolation.invalid("limit", "range", "limit must be between 1 and " + MAX_LIMIT);
        }
        return new Paging(from, size);
    }

    /** This page of {@code all}, with the total and the next page's link set on the response. */
    public <T> List<T> slice(List<T> all, ServerWebExchange exchange) {
        int end = (int) Math.min(all.size(), (long) offset + limit);
        return respond(offset >= all.size() ? List.of() : all.subList(offset, end), all.size(), exchange);
    }

    /** This page, read by the store, of {@code total} entries, with the total and the next page's link set. */
    public <T> List<T> respond(List<T> page, long total, ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("X-Total-Count", Long.toString(total));
        long end = (long) offset + page.size();
        if (end < total) {
            String next = UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
                                              .replaceQueryParam("offset", end)
                                              .replaceQueryParam("limit", limit)
                                              .build().toUriString();
            headers.add(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return page;
    }
}
