package jp.kanmin.query.task;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.Map;

/**
 * How an incident's task book is stored: one document per incident, read in one lookup by id. {@code positions}
 * holds the store position of the last event applied to each task, so a redelivered event changes nothing.
 */
@Document("task_books")
record TaskBookDocument(@Id String incidentId,
                        Map<String, TaskBook.Member> members,
                        Map<String, TaskView> tasks,
                        Map<String, Long> positions) {

    TaskBook toBook() {
        return new TaskBook(incidentId, members == null ? Map.of() : members, tasks == null ? Map.of() : tasks);
    }
}
