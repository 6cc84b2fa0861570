package io.huying.system;

import static io.restassured.RestAssured.given;

import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser: Debian's headless Chromium driven through its own chromedriver (Selenium
 * Manager is never asked for a driver or a browser, so nothing is downloaded), with its own profile,
 * cookie jar and download folder. Logs in through the real Keycloak login page, finds the console's
 * elements by their {@code data-test} hooks, and keeps a screenshot of every page it is asked to
 * under {@code system-tests/target/screenshots/} (CI keeps that folder as an artefact).
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** What the README and the launcher install when Chromium is missing. */
    static final String INSTALL = "apt-get install -y chromium chromium-driver fonts-noto-cjk";
    /** How long a page may take to show what a step waits for; a person would not wait longer. */
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger SHOTS = new AtomicInteger();
    /** The browsers open now, for a screenshot of each when a step fails. */
    private static final Set<Browser> OPEN = ConcurrentHashMap.newKeySet();
    private static final Path TARGET = Path.of(System.getProperty("huying.root", "..")).toAbsolutePath().normalize()
            .resolve("system-tests/target");
    static final Path SCREENSHOTS = TARGET.resolve("screenshots");

    static {
        // One run's screenshots only: the numbering restarts with every run, so older files would mislead.
        if (Files.isDirectory(SCREENSHOTS)) {
            try (java.util.stream.Stream<Path> old = Files.list(SCREENSHOTS)) {
                old.forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
    /** The gateway's session cookie (Quarkus OIDC's name): a session id, the tokens stay on the server. */
    static final String SESSION_COOKIE = "q_session";

    final String name;
    final Path downloads;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    /**
     * Fails, saying how to install it, when Chromium or its driver is missing — unless the run asked to
     * skip the browser tests ({@code -Dhuying.browser-tests=skip}), which is then reported as skipped.
     */
    static void requireChromium() {
        Assumptions.assumeFalse("skip".equals(System.getProperty("huying.browser-tests")),
                "browser tests skipped on request (-Dhuying.browser-tests=skip)");
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's Chromium and its driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "), which are missing: run `" + INSTALL + "` (deploy/local/huying test does), "
                    + "or skip the browser tests with -Dhuying.browser-tests=skip");
        }
    }

    /** A new browser for {@code name} (used in screenshot and download names), 1440 × 900, zh-CN. */
    Browser(String name) {
        this(name, null);
    }

    /**
     * A phone for {@code name}: Chromium's mobile emulation at {@code width} × {@code height} CSS pixels
     * (device pixel ratio 2, touch, a phone's user agent), zh-CN.
     */
    static Browser phone(String name, int width, int height) {
        return new Browser(name, Map.of(
                "deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 2.0, "touch", true, "mobile", true),
                "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36"));
    }

    private Browser(String name, Map<String, Object> mobileEmulation) {
        requireChromium();
        this.name = name;
        this.downloads = TARGET.resolve("downloads/" + name);
        try {
            Files.createDirectories(downloads);
            Files.createDirectories(SCREENSHOTS);
            Files.createDirectories(TARGET.resolve("system-logs"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(TARGET.resolve("system-logs/chromedriver-" + name + ".log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1440,900", "--lang=zh-CN");
        if (mobileEmulation != null) {
            options.setExperimentalOption("mobileEmulation", mobileEmulation);
        }
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "intl.accept_languages", "zh-CN,zh"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
        OPEN.add(this);
    }

    /** A screenshot of every open browser, named {@code step}; a browser that cannot take one is passed over. */
    static void screenshotAll(String step) {
        for (Browser b : OPEN) {
            try {
                b.screenshot(step);
            } catch (RuntimeException e) {
                // a failure's screenshot helps to read it, and must not hide it
            }
        }
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * The device is at ({@code latitude}, {@code longitude}) within {@code accuracy} metres, and the
     * console may ask where it is (the browser's permission prompt answered yes), through Chromium's
     * DevTools protocol.
     */
    void locatedAt(double latitude, double longitude, double accuracy) {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", SystemUnderTest.GATEWAY_URL, "permissions", List.of("geolocation")));
        driver.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", latitude, "longitude", longitude, "accuracy", accuracy));
    }

    /** Opens {@code path} of the gateway (e.g. {@code /tasks}) as if typed into the address bar. */
    void open(String path) {
        driver.get(SystemUnderTest.GATEWAY_URL + path);
    }

    String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(SystemUnderTest.GATEWAY_URL) ? url.substring(SystemUnderTest.GATEWAY_URL.length()) : url;
    }

    /** Opens the console and logs in as {@code username} through the Keycloak login page. */
    void login(String username) {
        open("/");
        signIn(username);
    }

    /** Whether the page shown is Keycloak's login form. */
    boolean onLoginPage() {
        return driver.getCurrentUrl().startsWith(LocalInfra.KEYCLOAK) && !driver.findElements(By.id("kc-login")).isEmpty();
    }

    /**
     * Fills Keycloak's login form (fields username and password, button kc-login) as {@code username}
     * and waits until Keycloak has sent the browser back to the gateway and the console has drawn.
     */
    void signIn(String username) {
        await(d -> onLoginPage());
        screenshot("keycloak-login");
        WebElement user = driver.findElement(By.id("username"));
        user.clear();
        user.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(KeycloakTokens.DEMO_PASSWORD);
        driver.findElement(By.id("kc-login")).click();
        await(d -> d.getCurrentUrl().startsWith(SystemUnderTest.GATEWAY_URL));
        awaitLoaded();
    }

    /** Waits until the page's document has loaded. */
    void awaitLoaded() {
        await(d -> "complete".equals(script("return document.readyState")));
    }

    static By test(String hook) {
        return By.cssSelector("[data-test='" + hook + "']");
    }

    /** The visible element with {@code data-test=hook}, waited for. */
    WebElement find(String hook) {
        return await(ExpectedConditions.visibilityOfElementLocated(test(hook)));
    }

    /** The element with {@code data-test=hook}, waited for until it is in the page (visible or not). */
    WebElement present(String hook) {
        return await(ExpectedConditions.presenceOfElementLocated(test(hook)));
    }

    /** The elements with {@code data-test=hook} now in the page (none is not a failure). */
    List<WebElement> all(String hook) {
        return driver.findElements(test(hook));
    }

    /** Clicks the element with {@code data-test=hook} once it can be clicked. */
    void click(String hook) {
        click(test(hook));
    }

    /**
     * Clicks the first displayed element {@code target} finds once a click reaches it. An element still moving (a
     * dropdown opening, a dialog sliding in) may lie under another one for a moment; ChromeDriver then refuses
     * the click without making it, and it is tried again rather than failing.
     */
    void click(By target) {
        new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(ElementClickInterceptedException.class)
                .until(d -> {
                    WebElement element = d.findElements(target).stream().filter(e -> e.isDisplayed() && e.isEnabled()).findFirst().orElse(null);
                    if (element == null) {
                        return false;
                    }
                    element.click();
                    return true;
                });
    }

    /** Clears the field {@code hook} (an input, or an element containing one) and types {@code text}. */
    void type(String hook, String text) {
        WebElement field = input(find(hook));
        field.clear();
        field.sendKeys(text);
    }

    /** The input or textarea an Element Plus component wraps, or the element itself. */
    static WebElement input(WebElement element) {
        String tag = element.getTagName();
        if (tag.equals("input") || tag.equals("textarea")) {
            return element;
        }
        List<WebElement> inner = element.findElements(By.cssSelector("input:not([type=hidden]), textarea"));
        return inner.isEmpty() ? element : inner.get(0);
    }

    <T> T await(Function<WebDriver, T> condition) {
        return await(condition, WAIT);
    }

    /**
     * Waits until {@code condition} holds. A live page re-renders while a condition reads it (an SSE
     * update replaces the element just found): such a read is tried again, not a failure.
     */
    <T> T await(Function<WebDriver, T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).ignoring(StaleElementReferenceException.class).until(condition);
    }

    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** Saves what the browser shows as {@code target/screenshots/NN-<browser>-<step>.png}; its path. */
    Path screenshot(String step) {
        Path file = SCREENSHOTS.resolve(String.format("%02d-%s-%s.png", SHOTS.incrementAndGet(), name, step));
        try {
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
        return file;
    }

    /**
     * Ends this browser's session as time would: the gateway's session (its row in the gateway's
     * database, named by the browser's {@code q_session} cookie) is past its expiry, and so is the
     * user's Keycloak SSO session (ended through the admin API, as its own lifespan would end it; the
     * gateway's session lives as long as Keycloak's). The browser keeps its cookies, as it would.
     */
    void expireSession(String username) {
        Cookie session = driver.manage().getCookieNamed(SESSION_COOKIE);
        if (session == null) {
            throw new IllegalStateException("the browser holds no " + SESSION_COOKIE + " cookie of the gateway; cookies: " + driver.manage().getCookies());
        }
        try (Connection c = LocalInfra.connect("gateway_system");
                PreparedStatement expire = c.prepareStatement("update gateway_session set expires_at = now() - interval '1 second' where id = ?")) {
            expire.setString(1, session.getValue());
            if (expire.executeUpdate() != 1) {
                throw new IllegalStateException("the gateway has no session " + session.getValue() + " (table gateway_session)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot expire the gateway's session", e);
        }
        String admin = given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post(LocalInfra.KEYCLOAK + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        String id = given().auth().oauth2(admin).queryParam("username", username).queryParam("exact", true)
                .get(LocalInfra.KEYCLOAK + "/admin/realms/huying/users").then().statusCode(200).extract().path("[0].id");
        given().auth().oauth2(admin).post(LocalInfra.KEYCLOAK + "/admin/realms/huying/users/" + id + "/logout").then().statusCode(204);
    }

    /** The browser's console messages so far (kept next to the screenshots when a test fails). */
    String consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        OPEN.remove(this);
        try {
            Files.writeString(SCREENSHOTS.resolve(name + "-console.log"), consoleLog());
        } catch (IOException | RuntimeException e) {
            // the console log is a help for reading a failure, never a reason for one
        }
        driver.quit();
        service.stop();
    }
}
