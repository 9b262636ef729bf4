package jp.kanmin.query.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The read models (their event processors) a query endpoint answers from. A read that asks for
 * {@code atLeast=<position>} is answered once each of them has handled the store up to that position, so a client
 * sees its own write however far the read models trail. An endpoint that reads no read model says so with an empty
 * list; a test fails for a read endpoint that says nothing.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ReadsFrom {

    String TIMELINE = "timeline";
    String INCIDENTS = "incidents";
    String TASKS = "tasks";
    String DAMAGE = "damage";
    String REPORTS = "reports";
    String EXCHANGES = "exchanges";
    String DIRECTORY = "directory";
    String NOTIFICATIONS = "notifications";

    String[] value();
}
