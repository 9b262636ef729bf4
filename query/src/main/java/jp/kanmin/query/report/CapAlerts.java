package jp.kanmin.query.report;

import jp.kanmin.query.damage.DamageBook;
import jp.kanmin.shared.participation.ReportKinds;
import jp.kanmin.shared.report.DamageScale;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportType;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The public side of an incident's reports and declared damage scales as CAP 1.2 alerts (OASIS Common Alerting Protocol) in an Atom feed, the
 * form prefectural systems and L-Alert (公共情報コモンズ) take: one alert per outage, shelter and consultation desk,
 * its latest report; a later report is an Update that references the one before it, and a restored outage is an
 * Update with the all-clear; a district's declared damage scale is one alert, a re-declaration an Update. An
 * exercise's alerts say {@code Exercise}, never {@code Actual}.
 */
final class CapAlerts {

    /** The kinds of report that are news for the public, and the CAP category of each. */
    static final Map<ReportType, String> CATEGORIES = Map.of(ReportType.INFRASTRUCTURE_OUTAGE, "Infra",
                                                             ReportType.SHELTER_STATUS, "Rescue",
                                                             ReportType.CONSULTATION_DESK, "Other");
    private static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
                                                                       .withZone(ZoneId.of("Asia/Tokyo"));

    /** The incident as the feed names it. */
    record Incident(String incidentId, String title, boolean exercise) {
    }

    private CapAlerts() {
    }

    static String feed(Incident incident, List<ReportBook.Thread> threads, Map<String, ReportBook.Posted> previous,
                       List<DamageBook.Judgement> scales, Instant now) {
        StringBuilder atom = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
                .append("  <id>urn:kanmin:incident:").append(incident.incidentId()).append(":cap</id>\n")
                .append("  <title>").append(text(incident.title())).append(" CAP</title>\n")
                .append("  <updated>").append(time(java.util.stream.Stream.concat(
                        threads.stream().map(t -> t.latest().recordedAt()),
                        scales.stream().map(DamageBook.Judgement::declaredAt)).max(Instant::compareTo).orElse(now)))
                .append("</updated>\n")
                .append("  <author><name>Kanmin Timeline</name></author>\n");
        for (ReportBook.Thread thread : threads) {
            ReportBook.Posted latest = thread.latest();
            String headline = headline(thread);
            atom.append("  <entry>\n")
                .append("    <id>").append(identifier(incident, latest)).append("</id>\n")
                .append("    <title>").append(text(headline)).append("</title>\n")
                .append("    <updated>").append(time(latest.recordedAt())).append("</updated>\n")
                .append("    <content type=\"application/cap+xml\">\n")
                .append(alert(incident, thread, headline, previous.get(thread.key())))
                .append("    </content>\n")
                .append("  </entry>\n");
        }
        for (DamageBook.Judgement scale : scales) {
            String headline = scale.district() + " 被害規模「" + scale.declared().ja() + "」";
            atom.append("  <entry>\n")
                .append("    <id>").append(scaleIdentifier(incident, scale, scale.declaredAt())).append("</id>\n")
                .append("    <title>").append(text(headline)).append("</title>\n")
                .append("    <updated>").append(time(scale.declaredAt())).append("</updated>\n")
                .append("    <content type=\"application/cap+xml\">\n")
                .append(scaleAlert(incident, scale, headline))
                .append("    </content>\n")
                .append("  </entry>\n");
        }
        return atom.append("</feed>\n").toString();
    }

    /**
     * A district's declared damage scale (被害規模の確定) as a CAP alert: its first declaration an Alert, a later one
     * an Update referencing the declaration it replaced. Severity follows the scale.
     */
    static String scaleAlert(Incident incident, DamageBook.Judgement scale, String headline) {
        StringBuilder cap = new StringBuilder("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">")
                .append("<identifier>").append(scaleIdentifier(incident, scale, scale.declaredAt()))
                .append("</identifier>")
                .append("<sender>").append(sender(scale.declaredBy())).append("</sender>")
                .append("<sent>").append(time(scale.declaredAt())).append("</sent>")
                .append("<status>").append(incident.exercise() ? "Exercise" : "Actual").append("</status>")
                .append("<msgType>").append(scale.earlierDeclaredAt() == null ? "Alert" : "Update").append("</msgType>")
                .append("<scope>Public</scope>");
        if (incident.exercise()) {
            cap.append("<note>【訓練】 exercise, not a real incident</note>");
        }
        if (scale.earlierDeclaredAt() != null) {
            cap.append("<references>").append(sender(scale.earlierDeclaredBy())).append(',')
               .append(scaleIdentifier(incident, scale, scale.earlierDeclaredAt())).append(',')
               .append(time(scale.earlierDeclaredAt())).append("</references>");
        }
        cap.append("<incidents>").append(incident.incidentId()).append("</incidents>")
           .append("<info>")
           .append("<language>ja-JP</language>")
           .append("<category>Other</category>")
           .append("<event>被害規模の確定</event>")
           .append("<responseType>Monitor</responseType>")
           .append("<urgency>").append(scale.declared() == DamageScale.LARGE ? "Immediate" : "Expected")
           .append("</urgency>")
           .append("<severity>").append(switch (scale.declared()) {
               case LARGE -> "Severe";
               case DAMAGE -> "Moderate";
               case ALMOST_NONE -> "Minor";
           }).append("</severity>")
           .append("<certainty>Observed</certainty>")
           .append("<senderName>").append(text(scale.declaredBy())).append("</senderName>")
           .append("<headline>").append(text(headline)).append("</headline>");
        if (scale.basis() != null && !scale.basis().isBlank()) {
            cap.append("<description>").append(text(scale.basis())).append("</description>");
        }
        cap.append("<parameter><valueName>kanminDamageScale</valueName><value>").append(scale.declared())
           .append("</value></parameter>")
           .append("<area><areaDesc>").append(text(scale.district())).append("</areaDesc></area>");
        return cap.append("</info></alert>\n").toString();
    }

    /** One declaration of a district's scale; CAP allows no spaces, commas or restricted characters in it. */
    private static String scaleIdentifier(Incident incident, DamageBook.Judgement scale, Instant declaredAt) {
        return ("urn:kanmin:" + incident.incidentId() + ":scale:" + scale.surveyor() + ":" + scale.district() + ":"
                + declaredAt.toEpochMilli()).replaceAll("[\\s,<&]", "_");
    }

    /** One thread's latest report as a CAP alert. */
    static String alert(Incident incident, ReportBook.Thread thread, String headline, ReportBook.Posted before) {
        ReportBook.Posted latest = thread.latest();
        boolean allClear = latest.content() instanceof ReportContent.Restored
                           || latest.content() instanceof ReportContent.ConsultationDesk desk
                              && desk.status() == ReportContent.DeskStatus.CLOSED
                           || latest.content() instanceof ReportContent.Shelter shelter
                              && Boolean.FALSE.equals(shelter.open());
        StringBuilder cap = new StringBuilder("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">")
                .append("<identifier>").append(identifier(incident, latest)).append("</identifier>")
                .append("<sender>").append(sender(thread)).append("</sender>")
                .append("<sent>").append(time(latest.recordedAt())).append("</sent>")
                .append("<status>").append(incident.exercise() ? "Exercise" : "Actual").append("</status>")
                .append("<msgType>").append(before == null ? "Alert" : "Update").append("</msgType>")
                .append("<scope>Public</scope>");
        if (incident.exercise()) {
            cap.append("<note>【訓練】 exercise, not a real incident</note>");
        }
        if (before != null) {
            cap.append("<references>").append(sender(thread)).append(',').append(identifier(incident, before))
               .append(',').append(time(before.recordedAt())).append("</references>");
        }
        cap.append("<incidents>").append(incident.incidentId()).append("</incidents>")
           .append("<info>")
           .append("<language>ja-JP</language>")
           .append("<category>").append(CATEGORIES.get(thread.type())).append("</category>")
           .append("<event>").append(text(kindName(latest.content()))).append("</event>")
           .append("<responseType>").append(allClear ? "AllClear" : "Monitor").append("</responseType>")
           .append("<urgency>").append(allClear ? "Past" : "Immediate").append("</urgency>")
           .append("<severity>").append(allClear ? "Minor" : "Moderate").append("</severity>")
           .append("<certainty>").append(latest.confirmed() ? "Observed" : "Likely").append("</certainty>")
           .append("<senderName>").append(text(thread.organisationId())).append("</senderName>")
           .append("<headline>").append(text(headline)).append("</headline>");
        String note = latest.facts() == null ? null : latest.facts().note();
        if (note != null && !note.isBlank()) {
            cap.append("<description>").append(text(note)).append("</description>");
        }
        cap.append("<parameter><valueName>kanminReportId</valueName><value>").append(latest.reportId())
           .append("</value></parameter>");
        if (latest.facts() != null && latest.facts().area() != null && latest.facts().area().name() != null) {
            var area = latest.facts().area();
            cap.append("<area><areaDesc>").append(text(area.name())).append("</areaDesc>");
            if (area.latitude() != null && area.longitude() != null) {
                // a point as CAP draws it: a circle of radius 0 km
                cap.append("<circle>").append(area.latitude()).append(',').append(area.longitude())
                   .append(" 0</circle>");
            }
            cap.append("</area>");
        }
        return cap.append("</info></alert>\n").toString();
    }

    private static String headline(ReportBook.Thread thread) {
        return kindName(thread.latest().content()) + " " + ReportKinds.summary(thread.latest().content(), "ja");
    }

    private static String kindName(ReportContent content) {
        return content.getClass().getAnnotation(jp.kanmin.shared.report.ReportKind.class).ja();
    }

    private static String identifier(Incident incident, ReportBook.Posted report) {
        return "urn:kanmin:" + incident.incidentId() + ":" + report.reportId();
    }

    /** CAP asks for no spaces, commas or restricted characters in a sender. */
    private static String sender(ReportBook.Thread thread) {
        return sender(thread.organisationId());
    }

    private static String sender(String organisationId) {
        return organisationId + "@kanmin-timeline";
    }

    private static String time(Instant instant) {
        return CAP_TIME.format(instant);
    }

    private static String text(String value) {
        return value == null ? "" : value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                                         .replace("\"", "&quot;");
    }
}
