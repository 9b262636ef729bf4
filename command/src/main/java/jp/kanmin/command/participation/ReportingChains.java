package jp.kanmin.command.participation;

import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.participation.ReportingChain;

import java.time.Duration;

/**
 * 連絡体制: whom an overdue task or a missed sharing goes to when nobody acts on it, and after how long. The write
 * side reads it from its own state (the directory's and the incident's events), never from a read model.
 */
public interface ReportingChains {

    /** How long a lapse waits for action before each step up the chain. */
    Duration escalateAfter();

    ReportingChain of(ParticipationId participation);
}
