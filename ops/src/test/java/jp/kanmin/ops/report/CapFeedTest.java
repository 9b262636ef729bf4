package jp.kanmin.ops.report;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Scenario;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A prefectural system polls the incident's CAP feed: every alert validates against the OASIS CAP 1.2 schema; an
 * outage reported, re-estimated and restored is one alert whose latest is an all-clear Update referencing the
 * estimate before it; a shelter's first report is an Alert; a district's damage scale declared again is an Update of
 * its first declaration; an exercise's alerts are never Actual.
 */
@ApplicationTest
class CapFeedTest {

    static final String CAP = "urn:oasis:names:tc:emergency:cap:1.2";

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;

    Api api;
    OrganisationId power;
    Scenario scenario;

    @BeforeEach
    void aPowerOperatorTakesPartInAnExercise() {
        api = new Api(port, tokens);
        power = api.register("power", OrganisationType.INFRASTRUCTURE_OPERATOR);
        scenario = Scenario.open(api, power);
    }

    @Test
    void everyAlertIsValidCap12AndAnOutageEndsAsAnAllClearUpdateOfTheEstimateBeforeIt() throws Exception {
        Instant now = Instant.now();
        String reported = post(power, Map.of("type", "INFRASTRUCTURE_OUTAGE", "outageId", "osadano-1",
                                             "sector", "POWER", "householdsAffected", 850, "cause", "倒木による断線",
                                             "restorationEta", now.plus(Duration.ofHours(3)).toString(),
                                             "area", Map.of("name", "長田野地区", "latitude", 35.3, "longitude", 135.1)));
        String estimate = post(power, Map.of("type", "RESTORATION_ETA", "outageId", "osadano-1",
                                             "restorationEta", now.plus(Duration.ofHours(6)).toString()));
        String restored = post(power, Map.of("type", "RESTORED", "outageId", "osadano-1", "note", "全戸復旧 <確認済>"));
        String shelter = post(scenario.city, Map.of("type", "SHELTER_STATUS", "shelter", "長田野体育館", "open", true,
                                                    "capacity", 300, "occupancy", 112));

        await().atMost(Duration.ofSeconds(10)).until(() -> alerts().size() == 2
                && alerts().stream().anyMatch(alert -> text(alert, "identifier").endsWith(restored)));
        List<Element> alerts = alerts();

        Validator cap12 = cap12();
        for (Element alert : alerts) {
            cap12.validate(new DOMSource(alert)); // throws, naming the element, when it is not CAP 1.2
            assertThat(text(alert, "status")).isEqualTo("Exercise");
        }
        Element outage = byIdentifierEnding(alerts, restored);
        assertThat(text(outage, "msgType")).isEqualTo("Update");
        assertThat(text(outage, "references")).startsWith(power.value() + "@kanmin-timeline,")
                                              .contains(":" + estimate + ",").doesNotContain(reported);
        assertThat(text(outage, "responseType")).isEqualTo("AllClear");
        assertThat(text(outage, "category")).isEqualTo("Infra");
        assertThat(text(outage, "description")).isEqualTo("全戸復旧 <確認済>");
        assertThat(text(outage, "sent")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+09:00");
        Element shelterAlert = byIdentifierEnding(alerts, shelter);
        assertThat(text(shelterAlert, "msgType")).isEqualTo("Alert");
        assertThat(text(shelterAlert, "headline")).contains("長田野体育館").contains("112/300");

        OrganisationId stranger = api.register("stranger", OrganisationType.COMPANY);
        assertThat(api.as(stranger).get().uri("/api/incidents/{id}/cap.atom", scenario.incident).exchange()
                      .expectBody().returnResult().getStatus().value()).isIn(403, 404);
    }

    @Test
    void aDeclaredDamageScaleIsAValidAlertAndItsRedeclarationAnUpdateReferencingIt() throws Exception {
        OrganisationId chamber = api.register("chamber", OrganisationType.CHAMBER_OF_COMMERCE);
        Scenario withChamber = Scenario.open(api, chamber);
        String district = "長田野 地区"; // a space, which a CAP identifier may not hold
        api.asAdmin().put().uri("/api/organisations/{id}/districts/{district}", chamber, district)
           .bodyValue(Map.of("registeredBusinesses", 100, "municipality", withChamber.city.value(),
                             "scaleRules", "makinohara-002"))
           .exchange().expectStatus().is2xxSuccessful();

        declare(withChamber, chamber, district, "DAMAGE", "瓦・窓ガラスの被害が地区内2%");
        await().atMost(Duration.ofSeconds(10)).until(() -> scaleAlerts(withChamber).size() == 1);
        Element first = scaleAlerts(withChamber).getFirst();
        declare(withChamber, chamber, district, "LARGE", "浸水 <床上> が地区内30%");
        await().atMost(Duration.ofSeconds(10)).until(() -> scaleAlerts(withChamber).stream()
                .anyMatch(alert -> text(alert, "severity").equals("Severe")));

        List<Element> alerts = scaleAlerts(withChamber);
        assertThat(alerts).as("one alert per district: its latest declaration").hasSize(1);
        Element latest = alerts.getFirst();
        for (Element alert : List.of(first, latest)) {
            cap12().validate(new DOMSource(alert));
            assertThat(text(alert, "status")).isEqualTo("Exercise");
            assertThat(text(alert, "identifier")).doesNotContain(" ").doesNotContain(",");
        }
        assertThat(text(first, "msgType")).isEqualTo("Alert");
        assertThat(text(first, "severity")).isEqualTo("Moderate");
        assertThat(text(latest, "msgType")).isEqualTo("Update");
        assertThat(text(latest, "references")).isEqualTo(text(first, "sender") + "," + text(first, "identifier")
                                                         + "," + text(first, "sent"));
        assertThat(text(latest, "headline")).contains(district).contains("大規模な被害がある");
        assertThat(text(latest, "description")).isEqualTo("浸水 <床上> が地区内30%");
        assertThat(text(latest, "areaDesc")).isEqualTo(district);
    }

    private void declare(Scenario in, OrganisationId chamber, String district, String scale, String basis) {
        await().atMost(Duration.ofSeconds(10)).until(() -> api.as(in.city).post()
                .uri("/api/incidents/{id}/damage-scale/{chamber}/{district}/declare", in.incident, chamber, district)
                .bodyValue(Map.of("scale", scale, "basis", basis))
                .exchange().expectBody().returnResult().getStatus().is2xxSuccessful());
    }

    private List<Element> scaleAlerts(Scenario in) throws Exception {
        return alerts(in).stream().filter(alert -> text(alert, "event").equals("被害規模の確定")).toList();
    }

    private Validator cap12() throws Exception {
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                            .newSchema(getClass().getResource("/schemas/cap12.xsd")).newValidator();
    }

    private String post(OrganisationId organisation, Map<String, Object> report) {
        Map<?, ?> answer = api.as(organisation).post().uri("/api/incidents/{id}/reports", scenario.incident)
                              .bodyValue(new HashMap<>(report)).exchange().expectStatus().isCreated()
                              .expectBody(Map.class).returnResult().getResponseBody();
        return (String) answer.get("reportId");
    }

    /** The CAP alerts of the feed, as a prefectural system reads them. */
    private List<Element> alerts() throws Exception {
        return alerts(scenario);
    }

    private List<Element> alerts(Scenario in) throws Exception {
        byte[] atom = api.as(in.city).get().uri("/api/incidents/{id}/cap.atom", in.incident)
                         .exchange().expectStatus().isOk()
                         .expectHeader().contentTypeCompatibleWith("application/atom+xml")
                         .expectBody().returnResult().getResponseBodyContent();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        NodeList found = factory.newDocumentBuilder().parse(new ByteArrayInputStream(atom))
                                .getElementsByTagNameNS(CAP, "alert");
        List<Element> alerts = new ArrayList<>();
        for (int i = 0; i < found.getLength(); i++) {
            alerts.add((Element) found.item(i));
        }
        return alerts;
    }

    private static Element byIdentifierEnding(List<Element> alerts, String reportId) {
        return alerts.stream().filter(alert -> text(alert, "identifier").endsWith(reportId)).findFirst().orElseThrow();
    }

    private static String text(Element alert, String name) {
        NodeList nodes = alert.getElementsByTagNameNS(CAP, name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }
}
