package jp.kanmin.query.notification;

import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sends one delivery on its channel and says what came of it; it never throws for the other side's failure. */
@Component
class Channels {

    /**
     * What one attempt came to: delivered or not, in a few words why, and whether trying again may mend it (a push
     * subscription the browser has ended will not come back).
     */
    record Outcome(boolean delivered, String detail, boolean worthRetrying) {

        Outcome(boolean delivered, String detail) {
            this(delivered, detail, true);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                                              .followRedirects(HttpClient.Redirect.NEVER).build();
    /** A phone that is off gets a push within a day of it; after that, the board says more than the push would. */
    private static final int PUSH_TTL_SECONDS = 24 * 60 * 60;

    private final WebhookSigning signing;
    private final WebPush webPush;
    private final ObjectProvider<JavaMailSender> mail;
    private final JsonMapper json;
    private final Clock clock;
    private final String mailFrom;

    Channels(WebhookSigning signing, WebPush webPush, ObjectProvider<JavaMailSender> mail, JsonMapper json, Clock clock,
             @Value("${kanmin.notifications.mail-from:kanmin-timeline@localhost}") String mailFrom) {
        this.signing = signing;
        this.webPush = webPush;
        this.mail = mail;
        this.json = json;
        this.clock = clock;
        this.mailFrom = mailFrom;
    }

    Outcome send(Delivery delivery) {
        try {
            return switch (delivery.channel()) {
                case WEBHOOK -> post(delivery);
                case EMAIL -> email(delivery);
                case WEB_PUSH -> push(delivery);
            };
        } catch (RuntimeException e) {
            return new Outcome(false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Outcome post(Delivery delivery) {
        String body = json.writeValueAsString(delivery.body());
        String secret = signing.secretOf(delivery.organisationId(), delivery.ruleId());
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.address())).timeout(TIMEOUT)
                                         .header("Content-Type", "application/json; charset=utf-8")
                                         .header("User-Agent", "kanmin-timeline")
                                         .header("X-Kanmin-Delivery", delivery.id())
                                         .header("X-Kanmin-Signature", signing.signature(
                                                 secret, clock.instant().getEpochSecond(), body))
                                         .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                                         .build();
        return answered(request, status -> new Outcome(status / 100 == 2, "HTTP " + status));
    }

    /** What the phone page's service worker shows: small, as push services take 4 KiB at most. */
    private Outcome push(Delivery delivery) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("title", delivery.subject());
        shown.put("body", delivery.text());
        shown.put("incidentId", delivery.incidentId());
        shown.put("kind", delivery.kind().name());
        shown.put("delivery", delivery.id());
        shown.put("exercise", delivery.exercise());
        WebPush.Message message = webPush.message(delivery.address(), json.writeValueAsBytes(shown), PUSH_TTL_SECONDS);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(message.endpoint())).timeout(TIMEOUT)
                                                 .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
        message.headers().forEach(request::header);
        return answered(request.build(), status -> status == 404 || status == 410
                ? new Outcome(false, "HTTP " + status + ": the browser's subscription has ended; subscribe again on "
                                     + "the phone page", false)
                : new Outcome(status / 100 == 2, "HTTP " + status));
    }

    /** Sends the request; what its status means is the channel's to say, a failure to reach the other side is not. */
    private Outcome answered(HttpRequest request, java.util.function.IntFunction<Outcome> byStatus) {
        try {
            return byStatus.apply(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (java.io.IOException e) {
            return new Outcome(false, e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted");
        }
    }

    private Outcome email(Delivery delivery) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return new Outcome(false, "no SMTP server is configured (spring.mail.host)");
        }
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
            helper.setFrom(mailFrom);
            helper.setTo(delivery.address());
            helper.setSubject(delivery.subject());
            helper.setText(delivery.text() + "\n\n" + footer(delivery));
            message.setHeader("X-Kanmin-Delivery", delivery.id());
            sender.send(message);
            return new Outcome(true, "accepted by the SMTP server");
        } catch (jakarta.mail.MessagingException | org.springframework.mail.MailException e) {
            return new Outcome(false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String footer(Delivery delivery) {
        return "en".equals(delivery.language())
                ? "-- Kanmin Timeline: incident " + delivery.incidentId() + ". Change what you are sent under your "
                  + "organisation's notification rules."
                : "-- 官民連携タイムライン 事案 " + delivery.incidentId() + "。通知の設定は組織の通知ルールで変更できます。";
    }
}
