package jp.kanmin.command.notification;

import jp.kanmin.command.support.DeduplicatingAggregate;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.notification.NotificationRuleCommands;
import jp.kanmin.shared.notification.NotificationRuleCommands.RemoveNotificationRule;
import jp.kanmin.shared.notification.NotificationRuleCommands.SetNotificationRule;
import jp.kanmin.shared.notification.NotificationRuleEvent.NotificationRuleRemoved;
import jp.kanmin.shared.notification.NotificationRuleEvent.NotificationRuleSet;
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
 * 通知ルール: the rules by which one organisation hears of what concerns it, kept apart from its directory entry so
 * that its staff change them without an administrator.
 */
@Aggregate(cache = "aggregateCache")
public class NotificationRules extends DeduplicatingAggregate {

    /** Enough for every member of a liaison team on two channels; more is a mistake, not a need. */
    static final int MOST_RULES = 20;

    @AggregateIdentifier
    private String rulesId;
    private final Map<String, NotificationRuleSet> rules = new HashMap<>();

    protected NotificationRules() {
        // for Axon
    }

    /** Setting a rule as it already is records nothing: a retried or repeated PUT changes nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SetNotificationRule command) {
        NotificationRuleSet set = new NotificationRuleSet(command.organisationId(), command.ruleId(),
                                                          command.kinds(), command.incidents(), command.channel(),
                                                          command.address(), command.language());
        if (set.equals(rules.get(command.ruleId()))) {
            return;
        }
        if (!rules.containsKey(command.ruleId()) && rules.size() >= MOST_RULES) {
            throw RuleViolation.conflict("too-many-rules", "an organisation keeps at most " + MOST_RULES
                    + " notification rules; remove one first");
        }
        apply(set);
    }

    @CommandHandler
    public void handle(RemoveNotificationRule command) {
        if (!rules.containsKey(command.ruleId())) {
            throw RuleViolation.notFound("rule-not-found", "no notification rule " + command.ruleId());
        }
        apply(new NotificationRuleRemoved(command.organisationId(), command.ruleId()));
    }

    @EventSourcingHandler
    void on(NotificationRuleSet event) {
        rulesId = NotificationRuleCommands.rulesIdOf(event.organisationId());
        rules.put(event.ruleId(), event);
    }

    @EventSourcingHandler
    void on(NotificationRuleRemoved event) {
        rules.remove(event.ruleId());
    }

    @Override
    protected String aggregateIdentifier() {
        return rulesId;
    }
}
