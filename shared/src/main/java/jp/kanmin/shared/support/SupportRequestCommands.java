package jp.kanmin.shared.support;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Commands of a support request (応援要請). {@code by} is always the calling organisation. */
public final class SupportRequestCommands {

    private SupportRequestCommands() {
    }

    public enum Priority { URGENT, HIGH, NORMAL, LOW }

    /** What help is asked for. */
    public enum Resource { PERSONNEL, EQUIPMENT, VEHICLES, FUEL, WATER, FOOD, MATERIALS, POWER_SUPPLY, SHELTER, OTHER }

    /**
     * @param peers true when the addressees were chosen as the requester's peers of the same type (同業他社)
     */
    public record RequestSupport(@TargetAggregateIdentifier String supportRequestId, IncidentId incidentId,
                                 OrganisationId requester, List<OrganisationId> addressees, boolean peers,
                                 Resource resource, String description, int quantity, String unit, Priority priority,
                                 Instant neededBy) {
        public RequestSupport {
            addressees = List.copyOf(addressees);
        }
    }

    /** 受諾: an addressee will help, with up to {@code quantity} (all that remains when null). */
    public record AcceptSupport(@TargetAggregateIdentifier String supportRequestId, OrganisationId by,
                                Integer quantity, String note) {
    }

    /** 辞退: an addressee cannot help, and says why. */
    public record DeclineSupport(@TargetAggregateIdentifier String supportRequestId, OrganisationId by,
                                 String reason) {
    }

    /** 提供: an accepting addressee delivered {@code quantity} (all it accepted when null). */
    public record DeliverSupport(@TargetAggregateIdentifier String supportRequestId, OrganisationId by,
                                 Integer quantity, String note) {
    }

    /** 取消: the requester no longer needs the help. */
    public record CancelSupportRequest(@TargetAggregateIdentifier String supportRequestId, OrganisationId by,
                                       String reason) {
    }
}
