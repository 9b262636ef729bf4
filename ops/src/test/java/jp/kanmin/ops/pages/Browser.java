package jp.kanmin.ops.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium driven through its chromedriver, as a user on a wall screen or a phone. Collects what
 * the browser wrote to its console, so a test can insist there were no errors, and saves screenshots as build
 * artefacts under {@code target/screenshots}.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CHROMIUM = System.getenv().getOrDefault("KANMIN_CHROMIUM", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getenv().getOrDefault("KANMIN_CHROMEDRIVER", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final String base;
    private final List<LogEntry> console = new ArrayList<>();

    private Browser(ChromeOptions options, int port) {
        assertThat(new File(CHROMEDRIVER)).as("browser tests need Debian's chromium, chromium-driver and fonts-noto-cjk "
                                              + "(./kanmin test installs them when run as root)").exists();
        options.setBinary(CHROMIUM);
        // as the machines' probe found: without the background-networking flags Chromium keeps calling out to a
        // closed network; root needs --no-sandbox
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--disable-quic", "--no-first-run", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--lang=ja-JP");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.base = "http://localhost:" + port;
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    /** A 1920×1080 wall screen in the HQ. */
    static Browser wallScreen(int port) {
        Browser browser = new Browser(new ChromeOptions(), port);
        browser.driver.manage().window().setSize(new Dimension(1920, 1080));
        return browser;
    }

    /** A 375-px-wide phone (touch, mobile user agent). */
    static Browser phone(int port) {
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("mobileEmulation", Map.of(
                "deviceMetrics", Map.of("width", 375, "height", 812, "pixelRatio", 2.0, "touch", true),
                "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                             + "Chrome/156.0 Mobile Safari/537.36"));
        return new Browser(options, port);
    }

    /** Signs in as the organisation the token belongs to, the way a user does: on the sign-in form. */
    Browser signIn(String token) {
        open("/");
        WebElement field = waitFor(By.id("token"));
        field.sendKeys(token);
        driver.findElement(By.cssSelector("form.signin button[type=submit]")).click();
        waitFor(By.cssSelector("ul.incidents, main p"));
        return this;
    }

    Browser open(String path) {
        driver.get(base + path);
        return this;
    }

    WebElement waitFor(By locator) {
        return await(d -> d.findElements(locator).stream().findFirst().orElse(null));
    }

    <T> T await(Function<ChromeDriver, T> condition) {
        return await(Duration.ofSeconds(20), condition);
    }

    <T> T await(Duration atMost, Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver, atMost, Duration.ofMillis(50)).until(d -> condition.apply(driver));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The text of an element read in one go: the board redraws its panels while a test reads them. */
    String text(String css) {
        return (String) script("return document.querySelector(arguments[0])?.innerText ?? ''", css);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Cuts the page off the network (as a phone losing signal): requests fail and the page hears "offline". */
    void offline(boolean offline) {
        ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
        conditions.setOffline(offline);
        driver.setNetworkConditions(conditions);
    }

    /** The whole page, not only what fits the window (Chrome's own capture, through chromedriver). */
    @SuppressWarnings("unchecked")
    void screenshot(String name) throws IOException {
        Map<String, Object> size = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                                                                .get("cssContentSize");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1)));
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** Every error the console received since the browser started. */
    List<String> consoleProblems() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return console.stream().filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                      .map(LogEntry::toString).toList();
    }

    /**
     * Form controls without an accessible name (label, aria-label or text): a screen reader would announce them as
     * "edit text" or "button" only.
     */
    @SuppressWarnings("unchecked")
    List<String> unnamedControls() {
        return (List<String>) script("""
                return [...document.querySelectorAll('input, select, textarea, button')].filter(e => {
                  if (e.type === 'hidden' || e.closest('[hidden]')) return false;
                  if (e.getAttribute('aria-label') || (e.textContent || '').trim()) return false;
                  if (e.id && document.querySelector(`label[for="${e.id}"]`)) return false;
                  return !e.closest('label');
                }).map(e => e.outerHTML.slice(0, 120));""");
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
