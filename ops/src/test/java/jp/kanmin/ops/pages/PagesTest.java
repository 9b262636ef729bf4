package jp.kanmin.ops.pages;

import jp.kanmin.ops.access.ApiTokens;
import jp.kanmin.ops.testing.Api;
import jp.kanmin.ops.testing.ApplicationTest;
import jp.kanmin.ops.testing.Processors;
import jp.kanmin.ops.testing.TestClock;
import jp.kanmin.shared.access.Caller;
import jp.kanmin.shared.organisation.OrganisationId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web pages in a real browser (Debian's headless Chromium) against the whole application on the embedded store,
 * with the sample exercise seeded: the HQ's wall-screen board, a liaison's phone posting page and the review replay.
 * Every test ends by checking the browsers' consoles held no error.
 */
@ApplicationTest
// its own database with the sample exercise, so the pages show what a new user sees after ./kanmin start
@TestPropertySource(properties = {"kanmin.sample-data.enabled=true", "kanmin.store.database=kanmin-pages"})
class PagesTest {

    static final OrganisationId CITY = OrganisationId.of("fukuchiyama-city");
    static final OrganisationId PARK = OrganisationId.of("osadano-park");
    static final OrganisationId POWER = OrganisationId.of("kansai-power-fukuchiyama");
    static final OrganisationId CHAMBER = OrganisationId.of("fukuchiyama-chamber");

    @TempDir
    static Path dataDirectory;

    @DynamicPropertySource
    static void sampleTokensFile(DynamicPropertyRegistry registry) {
        registry.add("kanmin.store.data-dir", () -> dataDirectory.toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    ApplicationContext context;

    Api api;
    String sample;
    final List<Browser> browsers = new ArrayList<>();

    @BeforeEach
    void theSampleExercise() {
        api = new Api(port, tokens);
        sample = await().atMost(Duration.ofSeconds(60)).until(() -> incidentsOf(CITY).stream()
                .filter(i -> ((String) i.get("title")).contains("sample"))
                .map(i -> (String) i.get("incidentId")).findFirst().orElse(null), id -> id != null);
    }

    @AfterEach
    void noBrowserWroteAnError() {
        TestClock.INSTANCE.reset();
        try {
            for (Browser browser : browsers) {
                assertThat(browser.consoleProblems()).as("browser console errors").isEmpty();
            }
        } finally {
            browsers.forEach(Browser::close);
        }
    }

    @Test
    void aReportPostedOnThePhoneIsOnTheHqBoardAtOnce() throws IOException {
        Browser board = start(Browser.wallScreen(port)).signIn(token(CITY)).open("/board.html?incident=" + sample);
        board.waitFor(By.cssSelector("#feed-state[data-state=live]"));
        board.waitFor(By.cssSelector("#entries li[data-type=StaffSafetyReported]"));
        board.waitFor(By.cssSelector("#tasks tr[data-org=osadano-park] .overdue-list"));
        assertThat(board.text("#mode")).isEqualTo("訓練");
        assertThat(board.text("#obligations")).as("the rule for when obligations start").isEqualTo("義務の起算: 発災時刻から");
        assertThat(board.unnamedControls()).isEmpty();

        Browser phone = start(Browser.phone(port)).signIn(token(PARK)).open("/post.html?incident=" + sample);
        phone.waitFor(By.cssSelector("form.post[data-kind=STAFF_SAFETY]"));
        assertThat(phone.unnamedControls()).isEmpty();
        fill(phone, "STAFF_SAFETY-safe", "186");
        phone.find("button[aria-label='負傷 +1']").click();
        fill(phone, "STAFF_SAFETY-note", "第2報 全社回答");
        phone.find("form.post button[type=submit]").click();
        Instant sent = Instant.now();

        WebElement entry = board.await(d -> d.findElements(By.cssSelector("#entries li[data-type=StaffSafetyReported]"))
                                             .stream().filter(e -> e.getText().contains("第2報 全社回答"))
                                             .findFirst().orElse(null));
        Duration seen = Duration.between(sent, Instant.now());
        System.out.printf("Phone post to HQ board: %d ms%n", seen.toMillis());
        assertThat(entry.getText()).contains("長田野工業団地", "安否確認報告", "無事 186", "負傷 1");
        phone.waitFor(By.cssSelector("#outbox li[data-state=sent]"));
        assertThat(phone.text("#outbox li[data-state=sent]")).contains("送信済", "安否確認");
        // the report fulfils the park's staff-safety task: the board's task matrix no longer lists it as overdue
        board.await(d -> !board.text("#tasks tr[data-org=osadano-park]").contains("団地内企業の安否確認"));
        assertThat(board.all("#entries li[data-type=StaffSafetyReported]").stream()
                        .filter(e -> e.getText().contains("第2報 全社回答"))).hasSize(1);
        board.screenshot("board");
        phone.screenshot("phone");

        board.find("#language").click();
        board.await(d -> board.waitFor(By.id("tasks-title")).getText().equals("Tasks by organisation and tier"));
        board.waitFor(By.id("mode"));
        assertThat(board.text("#mode")).isEqualTo("EXERCISE");
        assertThat(board.script("return document.documentElement.lang")).isEqualTo("en");
        board.screenshot("board-en");
        board.find("#language").click();
        board.await(d -> board.waitFor(By.id("tasks-title")).getText().equals("組織 × フェーズのタスク"));
    }

    @Test
    void aPostMadeWithoutSignalIsSentExactlyOnceWhenTheSignalReturns() throws IOException {
        Browser phone = start(Browser.phone(port)).signIn(token(PARK)).open("/post.html?incident=" + sample);
        phone.waitFor(By.cssSelector("form.post[data-kind=STAFF_SAFETY]"));
        // the page's own files are kept on the phone, so it opens again without a signal
        phone.await(d -> Boolean.TRUE.equals(phone.script("return navigator.serviceWorker.controller !== null")));
        int before = staffSafetyReportsOf(PARK);

        phone.offline(true);
        phone.waitFor(By.cssSelector("#network.offline"));
        fill(phone, "STAFF_SAFETY-safe", "150");
        fill(phone, "STAFF_SAFETY-note", "圏外から送信");
        phone.find("form.post button[type=submit]").click();
        phone.waitFor(By.cssSelector("#outbox li[data-state=waiting]"));
        assertThat(phone.find("#post-message").getText()).contains("接続が戻ると送信します");
        // it stays waiting while there is no signal, and nothing reaches the server
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(
                () -> phone.all("#outbox li[data-state=waiting]").size() == 1);
        assertThat(staffSafetyReportsOf(PARK)).isEqualTo(before);

        // a second post; then the page is opened again, still without signal: both posts are still waiting on it
        fill(phone, "STAFF_SAFETY-safe", "151");
        phone.find("form.post button[type=submit]").click();
        await().atMost(Duration.ofSeconds(5)).until(() -> phone.all("#outbox li[data-state=waiting]").size() == 2);
        phone.driver().navigate().refresh();
        phone.waitFor(By.cssSelector("#network.offline"));
        phone.await(d -> phone.all("#outbox li[data-state=waiting]").size() == 2);
        phone.screenshot("phone-offline");

        phone.offline(false);
        phone.await(Duration.ofSeconds(60), d -> phone.all("#outbox li[data-state=sent]").size() == 2);
        assertThat(phone.all("#outbox li[data-state=waiting]")).isEmpty();
        Processors.awaitCaughtUp(context);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
               .until(() -> staffSafetyReportsOf(PARK) == before + 2);
    }

    @Test
    void aSupportRequestFromThePhoneIsOnTheBoardAndASharingIsAcknowledgedInOneTap() {
        Browser board = start(Browser.wallScreen(port)).signIn(token(CITY)).open("/board.html?incident=" + sample);
        board.waitFor(By.cssSelector("#feed-state[data-state=live]"));
        Browser phone = start(Browser.phone(port)).signIn(token(PARK)).open("/post.html?incident=" + sample);
        phone.waitFor(By.cssSelector("button.kind[data-kind=SUPPORT]")).click();
        phone.waitFor(By.cssSelector("form.post[data-kind=SUPPORT]"));
        assertThat(phone.unnamedControls()).isEmpty();
        phone.script("document.getElementById('SUPPORT-resource').value = 'WATER'");
        fill(phone, "SUPPORT-quantity", "2");
        fill(phone, "SUPPORT-unit", "台");
        fill(phone, "SUPPORT-description", "給水車 第2工場");
        phone.find("form.post button[type=submit]").click();
        phone.waitFor(By.cssSelector("#outbox li[data-state=sent]"));
        board.await(d -> board.text("#support").contains("給水車 第2工場"));
        assertThat(board.text("#support")).contains("水・給水 2台", "長田野工業団地", "→ 福知山市");

        // the chamber's damage picture, shared with the city in the sample, waits for the city's acknowledgement
        Browser hqPhone = start(Browser.phone(port)).signIn(token(CITY)).open("/post.html?incident=" + sample);
        hqPhone.waitFor(By.cssSelector("button.kind[data-kind=ACK]")).click();
        WebElement shared = hqPhone.await(d -> d.findElements(By.cssSelector(".inbox li")).stream()
                                                .filter(e -> e.getText().contains("長田野地区 被害状況 第1報"))
                                                .findFirst().orElse(null));
        shared.findElement(By.cssSelector("button")).click();
        hqPhone.waitFor(By.cssSelector("#outbox li[data-state=sent]"));
        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledgedAt("sample-damage-picture-1") != null);
    }

    @Test
    void aReportCanBeSentAndTheChartZoomedFromTheKeyboardAlone() {
        Browser phone = start(Browser.phone(port)).signIn(token(POWER)).open("/post.html?incident=" + sample);
        phone.waitFor(By.cssSelector("form.post[data-kind=STAFF_SAFETY]"));
        tabTo(phone, "#STAFF_SAFETY-safe").sendKeys(Keys.chord(Keys.CONTROL, "a"), "53", Keys.ENTER);
        phone.waitFor(By.cssSelector("#outbox li[data-state=sent]"));

        Browser board = start(Browser.wallScreen(port)).signIn(token(CITY)).open("/board.html?incident=" + sample);
        board.waitFor(By.cssSelector("#chart svg"));
        List<String> before = axisLabels(board);
        tabTo(board, ".chart-canvas").sendKeys("+");
        board.await(d -> !axisLabels(board).equals(before));
    }

    /** Presses Tab until the element matching {@code css} has the focus, as a keyboard user would. */
    private static WebElement tabTo(Browser browser, String css) {
        for (int presses = 0; presses < 60; presses++) {
            WebElement focused = browser.driver().switchTo().activeElement();
            if (Boolean.TRUE.equals(browser.script("return arguments[0].matches(arguments[1])", focused, css))) {
                return focused;
            }
            focused.sendKeys(Keys.TAB);
        }
        throw new AssertionError(css + " cannot be reached with Tab");
    }

    @Test
    void theBoardCatchesUpAfterLosingItsConnectionAndFiltersAndZooms() {
        Browser board = start(Browser.wallScreen(port)).signIn(token(CITY)).open("/board.html?incident=" + sample);
        board.waitFor(By.cssSelector("#feed-state[data-state=live]"));

        board.offline(true);
        board.waitFor(By.cssSelector("#feed-state[data-state=retrying]"));
        api.withToken(token(POWER)).post().uri("/api/incidents/{id}/reports", sample)
           .bodyValue(Map.of("type", "SITE_DAMAGE", "site", "福知山変電所", "severity", "LIGHT", "operating", true,
                             "note", "ボードの切断中に報告"))
           .exchange().expectStatus().isCreated();
        board.offline(false);
        WebElement missed = board.await(d -> d.findElements(By.cssSelector("#entries li[data-type=SiteDamageReported]"))
                                              .stream().filter(e -> e.getText().contains("ボードの切断中に報告"))
                                              .findFirst().orElse(null));
        assertThat(missed.getText()).contains("福知山変電所", "軽微");
        board.waitFor(By.cssSelector("#feed-state[data-state=live]"));
        assertThat(board.all("#entries li").stream().filter(e -> e.getText().contains("ボードの切断中に報告")))
                .as("an entry missed while disconnected arrives once").hasSize(1);

        board.script("const f = document.getElementById('filter-category'); f.value = 'task';"
                     + "f.dispatchEvent(new Event('change'))");
        assertThat(board.all("#entries li")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getAttribute("class")).contains("task"));

        board.find(".chart-tools button[data-span='604800000']").click();
        board.await(d -> axisLabels(board).stream().anyMatch(label -> label.endsWith("d")));
        board.find(".chart-tools button[data-span='21600000']").click();
        board.await(d -> axisLabels(board).stream().anyMatch(label -> label.endsWith(".5h")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> axisLabels(Browser browser) {
        return (List<String>) browser.script("return [...document.querySelectorAll('#chart text.axis-label')]"
                                             + ".map(t => t.firstChild.textContent)");
    }

    @Test
    void aReplayMovesTheChartAndTheBoardWithTheReplayClock() throws IOException {
        String incident = anIncidentOverFiveHours();
        Browser review = start(Browser.wallScreen(port)).signIn(token(CITY)).open("/replay.html?incident=" + incident);
        review.waitFor(By.cssSelector("#chart svg line.clock"));
        assertThat(review.all("#chart svg circle.report")).isEmpty();
        assertThat(review.unnamedControls()).isEmpty();

        review.script("document.getElementById('speed').value = '3600'");
        review.find("#play").click();
        List<Integer> reportsShown = new ArrayList<>();
        List<String> clocks = new ArrayList<>();
        review.await(Duration.ofSeconds(60), d -> {
            // read in one go: the chart is redrawn while the replay runs
            List<?> seen = (List<?>) review.script("return [document.querySelectorAll('#chart svg circle.report').length,"
                    + "document.querySelector('#chart svg line.clock')?.getAttribute('data-at') ?? '',"
                    + "document.getElementById('replay-state').textContent]");
            reportsShown.add(((Number) seen.get(0)).intValue());
            clocks.add((String) seen.get(1));
            if (reportsShown.getLast() == 3 && !reportsShown.subList(0, reportsShown.size() - 1).contains(3)) {
                screenshotQuietly(review, "replay");
            }
            return ((String) seen.get(2)).contains("再生が終わりました");
        });
        review.await(d -> review.all("#chart svg circle.report").size() == 5);
        assertThat(reportsShown).isSortedAccordingTo(Integer::compare);
        assertThat(reportsShown.getFirst()).isZero();
        assertThat(reportsShown).as("the chart fills in step by step").filteredOn(n -> n > 0 && n < 5).isNotEmpty();
        assertThat(clocks).isSortedAccordingTo(String::compareTo);
        assertThat(clocks.stream().distinct().count()).as("the replay clock moves").isGreaterThan(3);
        // the panels follow the replay clock: by the end the power outage is on the damage panel
        review.await(d -> review.text("#damage").contains("950"));

        // moving the scrubber back to zero hour shows the incident as it was then
        review.script("const s = document.getElementById('scrubber'); s.value = s.min;"
                      + "s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change'));");
        review.find("#play").click();
        review.await(d -> review.all("#chart svg circle.report").isEmpty()
                          || review.find("#play").getText().equals("一時停止"));

        String board = review.driver().getWindowHandle();
        review.find("#review").click();
        review.await(d -> d.getWindowHandles().size() == 2);
        review.driver().switchTo().window(review.driver().getWindowHandles().stream()
                                                .filter(h -> !h.equals(board)).findFirst().orElseThrow());
        review.await(d -> d.getPageSource().contains("振り返り</h1>") && d.getPageSource().contains(incident));
        review.driver().close();
        review.driver().switchTo().window(board);
    }

    /**
     * The pages name and summarise reports from the kinds the API lists: one report of every kind (the API document's
     * example of each, posted by whichever organisation may post it) is on the board with its summary line.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyKindOfReportTheApiListsIsSummarisedOnTheBoard() {
        List<Map<String, Object>> kinds = api.withToken(token(CITY)).get().uri("/api/report-kinds").exchange()
                                             .expectStatus().isOk().expectBodyList(Map.class).returnResult()
                                             .getResponseBody().stream().map(k -> (Map<String, Object>) k).toList();
        Map<String, Map<String, Object>> examples = new HashMap<>();
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) api.withToken(token(CITY)).get()
                .uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody().get("components")).get("schemas");
        schemas.values().forEach(schema -> {
            if (((Map<String, Object>) schema).get("example") instanceof Map<?, ?> example
                && example.get("type") instanceof String type) {
                examples.put(type, (Map<String, Object>) example);
            }
        });
        String incident = anIncidentWithEveryone("報告の種類の確認");
        for (Map<String, Object> kind : kinds) {
            Map<String, Object> example = examples.get((String) kind.get("type"));
            assertThat(example).as("the API document's example of " + kind.get("type")).isNotNull();
            assertThat(Stream.of(PARK, POWER, CHAMBER, CITY).anyMatch(poster -> api.withToken(token(poster)).post()
                    .uri("/api/incidents/{id}/reports", incident).bodyValue(example).exchange().returnResult(Void.class)
                    .getStatus().is2xxSuccessful())).as("someone may post " + example).isTrue();
        }

        Browser board = start(Browser.wallScreen(port)).signIn(token(CITY)).open("/board.html?incident=" + incident);
        for (Map<String, Object> kind : kinds) {
            WebElement entry = board.waitFor(By.cssSelector("#entries li[data-type=" + kind.get("event") + "]"));
            assertThat(entry.findElement(By.cssSelector(".summary")).getText()).as((String) kind.get("event"))
                    .isNotBlank().doesNotContain("{", "}", "undefined", "null");
        }
        assertThat(board.text("#entries li[data-type=StaffSafetyReported] .summary"))
                .isEqualTo("無事 180 / 負傷 2 / 行方不明 0 / 連絡不通 3");
        assertThat(board.text("#entries li[data-type=ShelterStatusReported] .summary"))
                .as("one of the kinds the board once showed no line for").isEqualTo("長田野体育館 開設 はい 112/300人");
    }

    /** An exercise the city coordinates, with the park, the power operator and the chamber, from now. */
    private String anIncidentWithEveryone(String title) {
        Instant zeroHour = TestClock.INSTANCE.instant().truncatedTo(ChronoUnit.MINUTES);
        Map<?, ?> opened = api.withToken(token(CITY)).post().uri("/api/incidents")
                              .bodyValue(Map.of("title", title, "kind", "TYPHOON", "mode", "EXERCISE",
                                                "zeroHour", zeroHour.toString(),
                                                "participants", List.of(PARK.value(), POWER.value(), CHAMBER.value())))
                              .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                              .getResponseBody();
        return (String) opened.get("incidentId");
    }

    /** Five reports an hour apart, recorded by a clock moved forward between them (zero hour at the first). */
    private String anIncidentOverFiveHours() {
        String incident = anIncidentWithEveryone("台風接近 振り返り用訓練");
        List<Map.Entry<OrganisationId, Map<String, Object>>> reports = List.of(
                Map.entry(PARK, Map.of("type", "STAFF_SAFETY", "safe", 180, "injured", 1, "missing", 0,
                                       "unreachable", 4)),
                Map.entry(POWER, Map.of("type", "INFRASTRUCTURE_OUTAGE", "outageId", "osadano-1", "sector", "POWER",
                                        "householdsAffected", 950, "cause", "倒木による断線")),
                Map.entry(CHAMBER, Map.of("type", "STAFF_SAFETY", "safe", 12, "injured", 0, "missing", 0,
                                          "unreachable", 0)),
                Map.entry(PARK, Map.of("type", "SITE_DAMAGE", "severity", "LIGHT", "operating", true)),
                Map.entry(CITY, Map.of("type", "STAFF_SAFETY", "safe", 300, "injured", 0, "missing", 0,
                                       "unreachable", 2)));
        for (var report : reports) {
            TestClock.INSTANCE.advance(Duration.ofMinutes(55));
            await().atMost(Duration.ofSeconds(20)).until(() -> api.withToken(token(report.getKey())).post()
                    .uri("/api/incidents/{id}/reports", incident).bodyValue(new HashMap<>(report.getValue()))
                    .exchange().returnResult(Void.class).getStatus().is2xxSuccessful());
        }
        Processors.awaitCaughtUp(context);
        return incident;
    }

    @Test
    void aNotificationRuleIsSetAndRemovedOnItsPageAndAWrongAddressIsExplained() {
        // not among the browsers whose consoles must stay clean: the refused address's 400 is logged there
        try (Browser page = Browser.wallScreen(port)) {
            page.signIn(token(PARK)).open("/notifications.html");
            page.waitFor(By.id("rule-id"));
            assertThat(page.unnamedControls()).isEmpty();
            fill(page, "rule-id", "duty-mail");
            page.find("input[name=kinds][value=SUPPORT_REQUEST_TO_YOU]").click();
            page.script("document.getElementById('rule-channel').value = 'EMAIL'");
            fill(page, "rule-address", "duty desk");
            page.find("form.rule button[type=submit]").click();
            page.await(d -> page.text("#rule-message").contains("e-mail"));
            assertThat(page.all("#rules tr[data-rule]")).isEmpty();

            fill(page, "rule-address", "duty@osadano.example.jp");
            page.find("form.rule button[type=submit]").click();
            page.waitFor(By.cssSelector("#rules tr[data-rule=duty-mail]"));
            assertThat(page.text("#rules")).contains("応援要請を受信", "メール", "duty@osadano.example.jp");

            page.find("#rules tr[data-rule=duty-mail] button.remove").click();
            page.await(d -> d.findElements(By.cssSelector("#rules tr[data-rule=duty-mail]")).isEmpty());
            assertThat(page.text("#rule-message")).contains("削除しました");
            assertThat(page.consoleProblems()).singleElement().asString()
                                              .contains("notification-rules/duty-mail").contains("400");
        }
    }

    private Browser start(Browser browser) {
        browsers.add(browser);
        return browser;
    }

    private static void fill(Browser browser, String id, String value) {
        WebElement field = browser.find("#" + id);
        field.clear();
        field.sendKeys(value);
    }

    private static void screenshotQuietly(Browser browser, String name) {
        try {
            browser.screenshot(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String token(OrganisationId organisation) {
        return tokens.issue(organisation, Set.of(Caller.Role.MEMBER), Duration.ofDays(1), "browser test").block().token();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> incidentsOf(OrganisationId organisation) {
        return api.withToken(token(organisation)).get().uri("/api/incidents").exchange().expectStatus().isOk()
                  .expectBody(List.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private Object acknowledgedAt(String exchangeId) {
        Map<?, ?> answer = api.withToken(token(CITY)).get().uri("/api/incidents/{id}/exchanges", sample)
                              .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) answer.get("exchanges")).stream()
                .filter(x -> exchangeId.equals(x.get("exchangeId"))).findFirst()
                .map(x -> ((Map<String, Map<String, Object>>) x.get("receipts")).get(CITY.value()).get("acknowledgedAt"))
                .orElse(null);
    }

    @SuppressWarnings("unchecked")
    private int staffSafetyReportsOf(OrganisationId organisation) {
        Map<?, ?> page = api.withToken(token(CITY)).get()
                            .uri("/api/incidents/{id}/timeline?type=StaffSafetyReported&organisationId={org}&limit=1000",
                                 sample, organisation.value())
                            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<?>) page.get("entries")).size();
    }
}
