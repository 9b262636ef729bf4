package jp.kanmin.command.notification;

import jp.kanmin.command.testing.Fixtures;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.notification.NotificationChannel;
import jp.kanmin.shared.notification.NotificationKind;
import jp.kanmin.shared.notification.NotificationRuleCommands;
import jp.kanmin.shared.notification.NotificationRuleCommands.RemoveNotificationRule;
import jp.kanmin.shared.notification.NotificationRuleCommands.SetNotificationRule;
import jp.kanmin.shared.notification.NotificationRuleEvent.NotificationRuleRemoved;
import jp.kanmin.shared.notification.NotificationRuleEvent.NotificationRuleSet;
import jp.kanmin.shared.organisation.OrganisationId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** 通知ルール: a park's liaison team decides what reaches its duty phone and its chat bot. */
class NotificationRulesTest {

    static final OrganisationId PARK = OrganisationId.of("osadano-park");
    static final String RULES = NotificationRuleCommands.rulesIdOf(PARK);

    private AggregateTestFixture<NotificationRules> fixture;

    @BeforeEach
    void setUp() {
        fixture = Fixtures.forAggregate(NotificationRules.class);
    }

    private static SetNotificationRule set(String ruleId, NotificationKind... kinds) {
        return new SetNotificationRule(RULES, PARK, ruleId, Set.of(kinds), List.of(), NotificationChannel.WEBHOOK,
                                       "https://bot.example.jp/" + ruleId, "ja");
    }

    private static NotificationRuleSet wasSet(String ruleId, NotificationKind... kinds) {
        return new NotificationRuleSet(PARK, ruleId, Set.of(kinds), List.of(), NotificationChannel.WEBHOOK,
                                       "https://bot.example.jp/" + ruleId, "ja");
    }

    @Test
    void aFirstRuleIsSet() {
        fixture.givenNoPriorActivity()
               .when(set("bot", NotificationKind.TASK_OVERDUE))
               .expectEvents(wasSet("bot", NotificationKind.TASK_OVERDUE));
    }

    @Test
    void aRuleIsChangedAndSettingItAsItIsRecordsNothing() {
        fixture.given(wasSet("bot", NotificationKind.TASK_OVERDUE))
               .when(set("bot", NotificationKind.TASK_OVERDUE, NotificationKind.SHARING_MISSED))
               .expectEvents(wasSet("bot", NotificationKind.TASK_OVERDUE, NotificationKind.SHARING_MISSED));
        fixture.given(wasSet("bot", NotificationKind.TASK_OVERDUE))
               .when(set("bot", NotificationKind.TASK_OVERDUE))
               .expectNoEvents();
    }

    @Test
    void theTwentyFirstRuleIsRefusedButTwentyMayStillChange() {
        Object[] twenty = IntStream.range(0, NotificationRules.MOST_RULES)
                                   .mapToObj(i -> wasSet("rule-" + i, NotificationKind.TASK_OVERDUE)).toArray();
        fixture.given(twenty)
               .when(set("one-more", NotificationKind.TASK_OVERDUE))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.CONFLICT)).expectNoEvents();
        fixture.given(twenty)
               .when(set("rule-3", NotificationKind.INJECT_TOLD))
               .expectEvents(wasSet("rule-3", NotificationKind.INJECT_TOLD));
    }

    @Test
    void aRuleIsRemovedOnceAndAnUnknownOneCannotBe() {
        fixture.given(wasSet("bot", NotificationKind.TASK_OVERDUE))
               .when(new RemoveNotificationRule(RULES, PARK, "bot"))
               .expectEvents(new NotificationRuleRemoved(PARK, "bot"));
        fixture.given(wasSet("bot", NotificationKind.TASK_OVERDUE), new NotificationRuleRemoved(PARK, "bot"))
               .when(new RemoveNotificationRule(RULES, PARK, "bot"))
               .expectException(Fixtures.refusedAs(RuleViolation.Kind.NOT_FOUND)).expectNoEvents();
    }
}
