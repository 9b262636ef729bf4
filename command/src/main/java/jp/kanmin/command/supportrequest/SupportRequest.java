package jp.kanmin.command.supportrequest;

import jp.kanmin.command.support.DeduplicatingAggregate;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.support.SupportRequestCommands.AcceptSupport;
import jp.kanmin.shared.support.SupportRequestCommands.CancelSupportRequest;
import jp.kanmin.shared.support.SupportRequestCommands.DeclineSupport;
import jp.kanmin.shared.support.SupportRequestCommands.DeliverSupport;
import jp.kanmin.shared.support.SupportRequestCommands.RequestSupport;
import jp.kanmin.shared.support.SupportRequestEvent.SupportAccepted;
import jp.kanmin.shared.support.SupportRequestEvent.SupportDeclined;
import jp.kanmin.shared.support.SupportRequestEvent.SupportDelivered;
import jp.kanmin.shared.support.SupportRequestEvent.SupportRequestCancelled;
import jp.kanmin.shared.support.SupportRequestEvent.SupportRequestFulfilled;
import jp.kanmin.shared.support.SupportRequestEvent.SupportRequested;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * 応援要請: one organisation asks others for help. Each addressee accepts (with how much it can give) or declines
 * with a reason; what it accepted is delivered in parts or at once; the request is fulfilled when everything asked
 * for has arrived, or cancelled by the requester. Nothing happens to a fulfilled or cancelled request.
 */
@Aggregate(cache = "aggregateCache")
public class SupportRequest extends DeduplicatingAggregate {

    /** Where each addressee stands. */
    enum Answer { PENDING, ACCEPTED, DECLINED }

    private record Addressee(Answer answer, int accepted, int delivered) {
    }

    @AggregateIdentifier
    private String supportRequestId;
    private IncidentId incidentId;
    private OrganisationId requester;
    private int quantity;
    private int delivered;
    private boolean closed;
    private final Map<OrganisationId, Addressee> addressees = new HashMap<>();

    protected SupportRequest() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RequestSupport command) {
        if (supportRequestId != null) {
            throw RuleViolation.conflict("request-exists", "support request " + supportRequestId + " exists");
        }
        if (command.addressees().isEmpty() || command.addressees().contains(command.requester())) {
            throw RuleViolation.invalid("to", "other-organisations", "help is asked of other organisations");
        }
        if (command.quantity() < 1) {
            throw RuleViolation.invalid("quantity", "positive", "ask for at least one");
        }
        apply(new SupportRequested(command.supportRequestId(), command.incidentId(), command.requester(),
                                   command.addressees(), command.peers(), command.resource(), command.description(),
                                   command.quantity(), command.unit(), command.priority(), command.neededBy()));
    }

    @CommandHandler
    public void handle(AcceptSupport command) {
        mustBePending(command.by());
        int remaining = quantity - delivered;
        int offered = command.quantity() == null ? remaining : command.quantity();
        if (offered < 1 || offered > remaining) {
            throw RuleViolation.invalid("quantity", "within-request", "offer between 1 and the " + remaining
                    + " still needed");
        }
        apply(new SupportAccepted(supportRequestId, incidentId, command.by(), offered, command.note()));
    }

    @CommandHandler
    public void handle(DeclineSupport command) {
        mustBePending(command.by());
        if (command.reason() == null || command.reason().isBlank()) {
            throw RuleViolation.invalid("reason", "required", "say why you cannot help: the requester plans by it");
        }
        apply(new SupportDeclined(supportRequestId, incidentId, command.by(), command.reason()));
    }

    /** 提供: part or all of what the addressee accepted; the last part fulfils the request. */
    @CommandHandler
    public void handle(DeliverSupport command) {
        mustBeOpen();
        Addressee addressee = addressees.get(command.by());
        if (addressee == null || addressee.answer() != Answer.ACCEPTED) {
            throw RuleViolation.conflict("not-accepted", command.by() + " has not accepted this request, so it has "
                    + "nothing to deliver");
        }
        int outstanding = addressee.accepted() - addressee.delivered();
        int amount = command.quantity() == null ? outstanding : command.quantity();
        if (outstanding == 0) {
            throw RuleViolation.conflict("already-delivered", command.by() + " delivered all it accepted");
        }
        if (amount < 1 || amount > outstanding) {
            throw RuleViolation.invalid("quantity", "within-accepted", "deliver between 1 and the " + outstanding
                    + " accepted and not yet delivered");
        }
        apply(new SupportDelivered(supportRequestId, incidentId, command.by(), amount, delivered + amount,
                                   command.note()));
        if (delivered >= quantity) {
            apply(new SupportRequestFulfilled(supportRequestId, incidentId, command.by(), delivered));
        }
    }

    @CommandHandler
    public void handle(CancelSupportRequest command) {
        mustBeOpen();
        if (!command.by().equals(requester)) {
            throw RuleViolation.forbidden("requester-only", "only " + requester + " may cancel its request");
        }
        apply(new SupportRequestCancelled(supportRequestId, incidentId, command.by(), command.reason()));
    }

    private Addressee mustBePending(OrganisationId by) {
        mustBeOpen();
        Addressee addressee = addressees.get(by);
        if (addressee == null) {
            throw RuleViolation.forbidden("addressee-only", "the request is not addressed to " + by);
        }
        if (addressee.answer() != Answer.PENDING) {
            throw RuleViolation.conflict("already-answered", by + " already " + addressee.answer().name()
                    .toLowerCase() + " this request");
        }
        return addressee;
    }

    private void mustBeOpen() {
        if (closed) {
            throw RuleViolation.conflict("request-closed", "support request " + supportRequestId
                    + " is already fulfilled or cancelled");
        }
    }

    @EventSourcingHandler
    void on(SupportRequested event) {
        supportRequestId = event.supportRequestId();
        incidentId = event.incidentId();
        requester = event.by();
        quantity = event.quantity();
        event.addressees().forEach(a -> addressees.put(a, new Addressee(Answer.PENDING, 0, 0)));
    }

    @EventSourcingHandler
    void on(SupportAccepted event) {
        addressees.put(event.by(), new Addressee(Answer.ACCEPTED, event.quantity(), 0));
    }

    @EventSourcingHandler
    void on(SupportDeclined event) {
        addressees.put(event.by(), new Addressee(Answer.DECLINED, 0, 0));
    }

    @EventSourcingHandler
    void on(SupportDelivered event) {
        addressees.computeIfPresent(event.by(), (by, a) -> new Addressee(a.answer(), a.accepted(),
                                                                         a.delivered() + event.quantity()));
        delivered = event.delivered();
    }

    @EventSourcingHandler
    void on(SupportRequestFulfilled event) {
        closed = true;
    }

    @EventSourcingHandler
    void on(SupportRequestCancelled event) {
        closed = true;
    }

    @Override
    protected String aggregateIdentifier() {
        return supportRequestId;
    }
}
