package jp.kanmin.command.support;

/**
 * A command's request body that may carry its own idempotency key, for clients that cannot set the
 * {@code Idempotency-Key} header (the header wins when both are given).
 */
public interface Retriable {

    /** The client's key for this command, or {@code null}. */
    String commandId();
}
