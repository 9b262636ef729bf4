package jp.kanmin.command.notification;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.organisation.KnownOrganisations;
import jp.kanmin.command.support.CommandSender;
import jp.kanmin.command.support.IdempotencyKey;
import jp.kanmin.command.support.Retriable;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.notification.NotificationChannel;
import jp.kanmin.shared.notification.PushSubscription;
import jp.kanmin.shared.notification.NotificationKind;
import jp.kanmin.shared.notification.NotificationRuleCommands;
import jp.kanmin.shared.notification.NotificationRuleCommands.RemoveNotificationRule;
import jp.kanmin.shared.notification.NotificationRuleCommands.SetNotificationRule;
import jp.kanmin.shared.organisation.OrganisationId;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * An organisation's notification rules (通知ルール): its own staff set them, or an administrator (the security
 * configuration refuses anyone else before a request is read).
 */
@Tag(name = "Notifications")
@RestController
@RequestMapping("/api/organisations/{organisationId}/notification-rules")
class NotificationRuleController {

    static final String ID = "[a-z0-9][a-z0-9-]{1,62}";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final java.util.regex.Pattern EMAIL =
            java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final CommandSender commands;
    private final KnownOrganisations known;

    NotificationRuleController(CommandSender commands, KnownOrganisations known) {
        this.commands = commands;
        this.known = known;
    }

    /**
     * @param incidents the incidents the rule covers; none for every incident the organisation takes part in
     * @param language  the messages' language, ja (default) or en
     */
    @Schema(example = """
            {"kinds": ["TASK_OVERDUE", "SHARING_MISSED", "SUPPORT_REQUEST_TO_YOU"], "channel": "WEBHOOK",
            "address": "https://bot.example.jp/kanmin", "language": "ja"}""")
    record RuleRequest(@NotEmpty @Size(max = 20) Set<@NotNull NotificationKind> kinds,
                       @Size(max = 50) List<@NotNull @Pattern(regexp = UUID) String> incidents,
                       @NotNull NotificationChannel channel, @NotBlank @Size(max = 1000) String address,
                       @Pattern(regexp = "ja|en") String language, @Size(max = 128) String commandId)
            implements Retriable {
    }

    record RuleChanged(String organisationId, String ruleId, Long position) {
    }

    @Operation(summary = "Set a notification rule (通知ルール)", description = """
            Creates or changes one of the organisation's rules: which entries (a task of its own overdue, a
            sharing slot due or missed, information shared with it, a support request to it, a damage scale
            declared, an exercise inject) reach which address, by e-mail, by a signed webhook POST or by Web Push
            to a phone (`WEB_PUSH`: the address is the browser's subscription JSON, made with the key of
            `GET /api/web-push/key`). Only entries addressed to the organisation in incidents it takes part in are
            sent; an exercise's say 【訓練】. A webhook address must be https (http only to this host).""")
    @PutMapping("/{ruleId}")
    Mono<RuleChanged> set(@PathVariable OrganisationId organisationId, @PathVariable String ruleId,
                          @Valid @RequestBody RuleRequest request, IdempotencyKey key,
                          @AuthenticationPrincipal Caller caller) {
        if (!ruleId.matches(ID)) {
            return Mono.error(RuleViolation.invalid("ruleId", "pattern", "a rule id matches " + ID));
        }
        addressFits(request.channel(), request.address());
        List<IncidentId> incidents = request.incidents() == null ? List.of()
                : request.incidents().stream().distinct().map(IncidentId::of).toList();
        SetNotificationRule command = new SetNotificationRule(NotificationRuleCommands.rulesIdOf(organisationId),
                                                              organisationId, ruleId, Set.copyOf(request.kinds()),
                                                              incidents, request.channel(), request.address().strip(),
                                                              request.language() == null ? "ja" : request.language());
        return known.requireActive(List.of(organisationId), "organisationId")
                    .then(commands.send(caller, key, "PUT notification rule " + organisationId, request,
                                        requestId -> command))
                    .map(sent -> new RuleChanged(organisationId.value(), ruleId, sent.position()));
    }

    @Operation(summary = "Remove a notification rule", description = """
            Nothing more reaches the rule's address; deliveries already queued are still made.""")
    @DeleteMapping("/{ruleId}")
    Mono<RuleChanged> remove(@PathVariable OrganisationId organisationId, @PathVariable String ruleId,
                             IdempotencyKey key, @AuthenticationPrincipal Caller caller) {
        return commands.send(caller, key, "DELETE notification rule " + organisationId + " " + ruleId, null,
                             requestId -> new RemoveNotificationRule(NotificationRuleCommands.rulesIdOf(organisationId),
                                                                     organisationId, ruleId))
                       .map(sent -> new RuleChanged(organisationId.value(), ruleId, sent.position()));
    }


    /** A wrong address would fail every delivery silently for days: refused now, naming what is wrong. */
    static void addressFits(NotificationChannel channel, String address) {
        String value = address.strip();
        if (channel == NotificationChannel.EMAIL && !EMAIL.matcher(value).matches()) {
            throw RuleViolation.invalid("address", "email", "an e-mail rule's address is an e-mail address");
        }
        if (channel == NotificationChannel.WEB_PUSH) {
            PushSubscription.parse(value);
        }
        if (channel == NotificationChannel.WEBHOOK) {
            URI uri;
            try {
                uri = URI.create(value);
            } catch (IllegalArgumentException e) {
                throw RuleViolation.invalid("address", "url", "a webhook's address is an absolute https URL");
            }
            boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
            if (uri.getHost() == null || !("https".equals(uri.getScheme())
                                           || "http".equals(uri.getScheme()) && loopback)) {
                throw RuleViolation.invalid("address", "https-url", "a webhook's address is an absolute https URL "
                        + "(http only to this host)");
            }
        }
    }
}
