package jp.kanmin.shared.support;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.incident.IncidentScoped;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.support.SupportRequestCommands.Priority;
import jp.kanmin.shared.support.SupportRequestCommands.Resource;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** Events of a support request (応援要請) between organisations of an incident. */
public sealed interface SupportRequestEvent extends IncidentScoped {

    String supportRequestId();

    /** The organisation the event is from. */
    OrganisationId by();

    @Revision("1")
    record SupportRequested(String supportRequestId, IncidentId incidentId, OrganisationId by,
                            List<OrganisationId> addressees, boolean peers, Resource resource, String description,
                            int quantity, String unit, Priority priority, Instant neededBy)
            implements SupportRequestEvent {}

    @Revision("1")
    record SupportAccepted(String supportRequestId, IncidentId incidentId, OrganisationId by, int quantity,
                           String note) implements SupportRequestEvent {}

    @Revision("1")
    record SupportDeclined(String supportRequestId, IncidentId incidentId, OrganisationId by, String reason)
            implements SupportRequestEvent {}

    /** Part or all of what an addressee accepted arrived; {@code delivered} is the request's total so far. */
    @Revision("1")
    record SupportDelivered(String supportRequestId, IncidentId incidentId, OrganisationId by, int quantity,
                            int delivered, String note) implements SupportRequestEvent {}

    /** Everything asked for has arrived. */
    @Revision("1")
    record SupportRequestFulfilled(String supportRequestId, IncidentId incidentId, OrganisationId by, int delivered)
            implements SupportRequestEvent {}

    @Revision("1")
    record SupportRequestCancelled(String supportRequestId, IncidentId incidentId, OrganisationId by, String reason)
            implements SupportRequestEvent {}
}
