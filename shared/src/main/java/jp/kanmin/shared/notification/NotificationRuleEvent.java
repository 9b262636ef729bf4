package jp.kanmin.shared.notification;

import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import org.axonframework.serialization.Revision;

import java.util.List;
import java.util.Set;

/** Events of an organisation's notification rules (通知ルール). */
public sealed interface NotificationRuleEvent {

    OrganisationId organisationId();

    String ruleId();

    /** 通知ルール設定: from now on, entries of these kinds reach this address. */
    @Revision("1")
    record NotificationRuleSet(OrganisationId organisationId, String ruleId, Set<NotificationKind> kinds,
                               List<IncidentId> incidents, NotificationChannel channel, String address,
                               String language) implements NotificationRuleEvent {}

    @Revision("1")
    record NotificationRuleRemoved(OrganisationId organisationId, String ruleId) implements NotificationRuleEvent {}
}
