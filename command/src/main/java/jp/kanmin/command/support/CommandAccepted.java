package jp.kanmin.command.support;

/**
 * What a command handler answers: the aggregate and sequence number of the first event the command recorded. A
 * retried request receives the same answer without a second event.
 */
public record CommandAccepted(String aggregateId, long sequenceNumber) {
}
