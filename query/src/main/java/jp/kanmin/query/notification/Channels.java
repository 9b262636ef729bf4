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

/** Sends one delivery on its channel and says what came of it; it never throws for the other side's failure. */
@Component
class Channels {

    /** What one attempt came to: delivered or not, and in a few words why. */
    record Outcome(boolean delivered, String detail) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                                              .followRedirects(HttpClient.Redirect.NEVER).build();
    private final WebhookSigning signing;
    private final ObjectProvider<JavaMailSender> mail;
    private final JsonMapper json;
    private final Clock clock;
    private final String mailFrom;

    Channels(WebhookSigning signing, ObjectProvider<JavaMailSender> mail, JsonMapper json, Clock clock,
             @Value("${kanmin.notifications.mail-from:kanmin-timeline@localhost}") String mailFrom) {
        this.signing = signing;
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
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            boolean ok = response.statusCode() / 100 == 2;
            return new Outcome(ok, "HTTP " + response.statusCode());
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
