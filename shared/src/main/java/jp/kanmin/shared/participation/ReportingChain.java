package jp.kanmin.shared.participation;

import jp.kanmin.shared.organisation.OrganisationId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * 連絡体制 as escalation (督促) follows it for one organisation in one incident: first its reporting-chain parents that
 * take part, then the coordinating HQ. Nobody is told of their own lapse, nor twice.
 */
public record ReportingChain(List<OrganisationId> parentsTakingPart, OrganisationId coordinatingHq) {

    /**
     * One step up the chain.
     *
     * @param level PARENTS or HQ
     * @param last  no step follows it
     */
    public record Step(String level, List<OrganisationId> to, boolean last) {
    }

    /**
     * When step {@code step} falls due: that many waits after the lapse (a task's due time, a slot's miss), however
     * late a deadline ran.
     */
    public static Instant stepAt(Instant lapsedAt, Duration wait, int step) {
        return lapsedAt.plus(wait.multipliedBy(step));
    }

    /**
     * Who hears at step {@code step} (1, 2) of a lapse of {@code self}, leaving out {@code alreadyAware} (the recipient
     * of a missed sharing sees the miss itself); null when nobody is left to tell.
     */
    public Step at(int step, OrganisationId self, List<OrganisationId> alreadyAware) {
        boolean hqTellable = coordinatingHq != null && !coordinatingHq.equals(self)
                             && !alreadyAware.contains(coordinatingHq);
        if (step == 1) {
            List<OrganisationId> parents = parentsTakingPart.stream()
                                                            .filter(parent -> !parent.equals(self))
                                                            .filter(parent -> !alreadyAware.contains(parent))
                                                            .toList();
            if (!parents.isEmpty()) {
                return new Step("PARENTS", parents, !hqTellable || parents.contains(coordinatingHq));
            }
        }
        return hqTellable ? new Step("HQ", List.of(coordinatingHq), true) : null;
    }
}
