package jp.kanmin.shared.notification;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Set;

/** Commands of an organisation's notification rules (通知ルール); its own staff or an administrator send them. */
public final class NotificationRuleCommands {

    private NotificationRuleCommands() {
    }

    /**
     * Sets a rule, new or changed.
     *
     * @param incidents the incidents it covers; empty for every incident the organisation takes part in
     * @param language  ja or en: the language of the messages
     */
    public record SetNotificationRule(@TargetAggregateIdentifier String rulesId, OrganisationId organisationId,
                                      String ruleId, Set<NotificationKind> kinds, List<IncidentId> incidents,
                                      NotificationChannel channel, String address, String language) {
    }

    public record RemoveNotificationRule(@TargetAggregateIdentifier String rulesId, OrganisationId organisationId,
                                         String ruleId) {
    }

    /** The aggregate holding an organisation's rules: apart from its directory entry, and named apart from it. */
    public static String rulesIdOf(OrganisationId organisation) {
        return "notification-rules/" + organisation.value();
    }
}
