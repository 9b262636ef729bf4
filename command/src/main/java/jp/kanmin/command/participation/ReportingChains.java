package jp.kanmin.command.participation;

import jp.kanmin.command.participation.tasks.Tasks;
import jp.kanmin.shared.participation.ParticipationId;

import java.time.Duration;

/**
 * 連絡体制: whom an overdue task goes to when nobody acts on it, and after how long. The write side reads it from
 * its own state (the directory's and the incident's events), never from a read model.
 */
public interface ReportingChains {

    /** How long an overdue task waits for action before each step up the chain. */
    Duration escalateAfter();

    Tasks.EscalationChain of(ParticipationId participation);
}
