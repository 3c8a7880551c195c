package io.prsm.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 21: the web console in a real browser (Debian's headless Chromium, driven by Selenium
 * through its ChromeDriver) against prsm.jar started with the sample plugins, as the README starts
 * it. One runtime and one browser for the class; each test logs in itself. Screenshots are kept in
 * {@code target/console/screenshots}. Skipped, saying why, only where no Chromium and ChromeDriver
 * are installed ({@code .ci/run} installs them).
 */
public class ConsoleBrowserIT {

    private static final String ADMIN = "console-admin-token-0123456789";
    private static final String READER = "console-reader-token-0123456789";
    private static final List<String> SAMPLES = List.of("advanced-analytics", "analytics-dashboard", "csv-processor",
            "text-classifier", "unit-converter");
    private static final Path CHECKOUT = Path.of(System.getProperty("prsm.checkout", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("prsm.console.work", "target/console")).toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningPrsm prsm;
    private static WebDriver browser;
    private static WebDriverWait wait;

    /** A screenshot of the page a test failed on, beside the others. */
    @Rule
    public final TestWatcher failures = new TestWatcher() {
        @Override
        protected void failed(Throwable failure, Description test) {
            try {
                screenshot("failed-" + test.getMethodName());
            } catch (IOException | RuntimeException unavailable) {
                failure.addSuppressed(unavailable);
            }
        }
    };

    @BeforeClass
    public static void startRuntimeAndBrowser() throws Exception {
        Path chromium = Path.of(System.getProperty("prsm.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("prsm.chromedriver", "/usr/bin/chromedriver"));
        Assume.assumeTrue("SKIPPED: no headless browser on this machine (" + chromium + " and " + driver + "); "
                + "install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver), "
                + "as .ci/run does", Files.isExecutable(chromium) && Files.isExecutable(driver));
        Path storage = RunningPrsm.fresh(WORK.resolve("storage"));
        Path plugins = RunningPrsm.fresh(WORK.resolve("plugins"));
        try (var jars = Files.list(CHECKOUT.resolve("sample-plugins/target/plugins"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(storage.resolve("policy.json"), "{\"tokens\": {"
                + "\"ops\": {\"token\": \"" + ADMIN + "\", \"permissions\": [\"prsm_admin\"]},"
                + "\"watcher\": {\"token\": \"" + READER + "\", \"permissions\": [\"prsm_read\"]}}}");
        RunningPrsm.fresh(WORK.resolve("screenshots"));
        prsm = startRuntime();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + RunningPrsm.fresh(WORK.resolve("chromium-profile")));
        // the driver given by path: Selenium Manager would try to download one, and the network is closed
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().withLogFile(WORK.resolve("chromedriver.log").toFile()).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // the page redraws what it refreshes: an element found a moment ago may have been replaced
        wait.ignoring(StaleElementReferenceException.class);
    }

    /** prsm.jar on the class's plugin and storage folders, as the README starts it. */
    private static RunningPrsm startRuntime() throws IOException, InterruptedException {
        return RunningPrsm.start(CHECKOUT.resolve("bndrun/target/prsm.jar"), WORK.resolve("plugins"),
                WORK.resolve("storage"));
    }

    @AfterClass
    public static void stopBrowserAndRuntime() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (prsm != null) {
            prsm.close();
        }
    }

    @Test
    public void withoutATokenOnlyTheLoginFormIsServed() throws Exception {
        assertEquals(401, call("GET", "/api/v1/plugins", null, null).statusCode());
        assertEquals(401, call("GET", "/console/session", null, null).statusCode());
        assertEquals(401, call("GET", "/console/entitlements/csv-processor", null, null).statusCode());
        HttpResponse<String> shell = call("GET", "/console/index.html", null, null);
        assertEquals(200, shell.statusCode());
        assertTrue(shell.body(), shell.body().contains("<link rel=\"icon\" href=\"data:,\">"));
        HttpResponse<String> empty = HTTP.send(HttpRequest.newBuilder(URI.create(prsm.url() + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, empty.statusCode());
        assertTrue(empty.body(), empty.body().contains("Enter a token."));
        browser.get(prsm.url() + "/console/login");
        browser.manage().deleteAllCookies();
        browser.get(prsm.url() + "/console/");
        wait.until(page -> page.getCurrentUrl().endsWith("/console/login"));
        assertTrue(browser.findElement(By.id("token")).isDisplayed());
        screenshot("login");
    }

    @Test
    public void anAdminSeesTheSamplesStopsOneSeesItStoppedAndStartsItAgain() throws Exception {
        logIn(ADMIN);
        for (String plugin : SAMPLES) {
            wait.until(page -> "active".equals(field(plugin, "state")));
        }
        row("unit-converter").findElement(By.cssSelector("[data-action=stop]")).click();
        wait.until(page -> "stopped".equals(field("unit-converter", "state")));
        assertEquals("stopped", api("GET", "/api/v1/plugins/unit-converter", ADMIN, null).get("state").asText());
        screenshot("plugin-stopped");
        row("unit-converter").findElement(By.cssSelector("[data-action=start]")).click();
        wait.until(page -> "active".equals(field("unit-converter", "state")));
        assertEquals("active", api("GET", "/api/v1/plugins/unit-converter", ADMIN, null).get("state").asText());
        // both acts are credited to the caller, in the audit log and in the runtime's log
        String acts = api("GET", "/api/v1/runtime/audit?layer=admin&plugin=unit-converter", ADMIN, null).toString();
        assertTrue(acts, acts.contains("POST /api/v1/plugins/unit-converter/stop")
                && acts.contains("POST /api/v1/plugins/unit-converter/start") && acts.contains("caller ops over HTTP"));
        // the runtime's log is written before the answer is sent
        String log = Files.readString(WORK.resolve("storage/logs/prsm.log"));
        assertTrue(log.contains("Caller ops did POST /api/v1/plugins/unit-converter/start over HTTP"));
    }

    @Test
    public void aSessionIsARandomIdThatEndsAtLogoutAndTheOpenPageThenGoesToTheLoginForm() throws Exception {
        logIn(ADMIN);
        String firstCsrf = csrf();
        logIn(ADMIN);
        String session = browser.manage().getCookieNamed("prsm_session").getValue();
        assertFalse("each login has its own CSRF value", firstCsrf.equals(csrf()));
        String fromToken = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(ADMIN.getBytes());
        assertFalse(session.equals(fromToken));
        assertEquals(401, withCookie("/console/session", fromToken).statusCode());
        assertEquals(200, withCookie("/console/session", session).statusCode());

        // logged out as another tab of this browser would: the page open here finds its session gone
        ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const session = await (await fetch('/console/session')).json();
                  await fetch('/console/logout', { method: 'POST', headers: { [session.csrf_header]: session.csrf } });
                  done();
                })();""");
        wait.until(page -> page.getCurrentUrl().endsWith("/console/login"));
        HttpResponse<String> kept = withCookie("/console/session", session);
        assertEquals(401, kept.statusCode());
        assertTrue(kept.body(), kept.body().contains("log in again"));
        String logins = api("GET", "/api/v1/runtime/audit?layer=http&decision=grant&entries=200", ADMIN, null).toString();
        assertTrue(logins, logins.contains("caller ops logged in to the console")
                && logins.contains("caller ops logged out of the console"));
    }

    @Test
    public void anAdminInstallsSwapsAndUninstallsAPluginFromThePage() throws Exception {
        logIn(ADMIN);
        browser.findElement(By.id("install-jar")).sendKeys(System.getProperty("prsm.sample.wordStats1"));
        browser.findElement(By.cssSelector("#install button[type=submit]")).click();
        wait.until(page -> "active".equals(field("word-stats", "state")) && "1.0.0".equals(field("word-stats", "version")));
        // the row's own file chooser: choosing a jar swaps the plugin to it
        row("word-stats").findElement(By.cssSelector("input[data-upload]"))
                .sendKeys(System.getProperty("prsm.sample.wordStats2"));
        wait.until(page -> "2.0.0".equals(field("word-stats", "version")) && "active".equals(field("word-stats", "state")));
        assertEquals("2.0.0", api("GET", "/api/v1/plugins/word-stats", ADMIN, null).get("version").asText());
        row("word-stats").findElement(By.cssSelector("[data-action=uninstall]")).click();
        org.openqa.selenium.Alert confirm = wait.until(ExpectedConditions.alertIsPresent());
        assertTrue(confirm.getText(), confirm.getText().contains("hot-deploy folder"));
        confirm.accept();
        wait.until(page -> field("word-stats", "state") == null);
        assertEquals(404, call("GET", "/api/v1/plugins/word-stats", ADMIN, null).statusCode());
    }

    @Test
    public void theChartsDrawTheRuntimesSamples() throws Exception {
        runTasks(15);
        logIn(ADMIN);
        // the runtime samples every 2 s from its start: the charts have points the moment the page opens
        wait.until(page -> points("Task rate (tasks/s)") >= 2 && points("Heap used (MiB)") >= 2);
        // unit-converter's line (the fifth plugin's colour, #7b3fb5) rises off the zero line once a
        // sample after the tasks is in: its pixels span more than a flat line's few rows
        wait.until(page -> heightOf("Task rate by plugin (tasks/s)", 123, 63, 181) > 10);
        assertTrue(heightOf("Heap used (MiB)", 42, 98, 201) > 0);
        screenshot("console-overview");
    }

    /**
     * Issue 21: the latency chart draws the tasks finished in each interval, not the recent tasks'
     * percentiles carried on through idle minutes: busy intervals are points, an idle one a break.
     */
    @Test
    public void theLatencyChartHasPointsWhenBusyAndABreakWhenIdle() throws Exception {
        String chart = "Latency per interval (ms)";
        logIn(ADMIN);
        wait.until(page -> points(chart) >= 2);
        int before = Integer.parseInt(chartAttribute(chart, "drawn"));
        runTasks(10);
        wait.until(page -> Integer.parseInt(chartAttribute(chart, "drawn")) > before);
        // nothing runs now: the next interval has no percentiles, where prsm:metrics keeps its figures
        wait.until(page -> "gap".equals(chartAttribute(chart, "last")));
        assertTrue(api("GET", "/api/v1/runtime/metrics", ADMIN, null).get("totals").get("p95_millis").asDouble() > 0);
        assertTrue(browser.findElement(By.cssSelector("[data-chart='" + chart + "'] .hint")).getText()
                .contains("prsm:metrics"));
        JsonNode intervals = api("GET", "/api/v1/runtime/metrics/history", ADMIN, null).get("plugins")
                .get("unit-converter");
        boolean busy = false;
        boolean idle = false;
        for (JsonNode interval : intervals) {
            busy |= interval.get("p95_millis").isNumber();
            idle |= interval.get("p95_millis").isNull();
        }
        assertTrue("unit-converter's intervals have points and breaks: " + intervals, busy && idle);
        screenshot("latency-intervals");
    }

    /**
     * Issue 21.3: once the runtime process has ended the page says the runtime does not answer,
     * greys out and shows no number as current; the class's runtime is then started again.
     */
    @Test
    public void whenTheRuntimeStopsAnsweringThePageSaysSoAndShowsNoStaleNumbers() throws Exception {
        logIn(ADMIN);
        wait.until(page -> "active".equals(field("unit-converter", "state"))
                && !page.findElements(By.cssSelector("[data-figure] b")).isEmpty());
        prsm.close();
        try {
            wait.until(page -> page.findElement(By.id("message")).getText().startsWith("The runtime does not answer"));
            assertTrue(browser.findElement(By.tagName("body")).getDomAttribute("class").contains("stale"));
            List<WebElement> numbers = browser.findElements(By.cssSelector("[data-figure] b, #plugins td[data-field]"
                    + ":not([data-field=version]):not([data-field=security_level]):not([data-field=type])"));
            assertTrue("6 figures and 9 live cells for each of the 5 samples at least: " + numbers.size(),
                    numbers.size() >= 51);
            for (WebElement number : numbers) {
                assertEquals("–", number.getText());
                assertEquals(null, number.getDomAttribute("data-value"));
            }
            // what does not change while a plugin runs stays
            assertEquals("1.0.0", field("unit-converter", "version"));
            screenshot("runtime-not-answering");
        } finally {
            prsm = startRuntime();
        }
    }

    @Test
    public void theNumbersShownAreThoseOfPrsmMetrics() throws Exception {
        runTasks(7);
        prsm.send("prsm:metrics --json unit-converter");
        String line = prsm.awaitLine(printed -> printed.contains("\"submitted\""));
        JsonNode shell = JSON.readTree(line.substring(line.indexOf('{')));
        logIn(ADMIN);
        wait.until(page -> String.valueOf(shell.get("submitted").asLong()).equals(value("unit-converter", "submitted")));
        assertEquals(shell.get("p50_millis").asDouble(), Double.parseDouble(value("unit-converter", "p50_millis")), 0);
        assertEquals(shell.get("p95_millis").asDouble(), Double.parseDouble(value("unit-converter", "p95_millis")), 0);
        assertEquals(shell.get("p99_millis").asDouble(), Double.parseDouble(value("unit-converter", "p99_millis")), 0);
        assertEquals(shell.get("invalid").asLong(), Long.parseLong(value("unit-converter", "invalid")));
        assertEquals(shell.get("cpu_nanos").asLong(), Long.parseLong(value("unit-converter", "cpu_nanos")));
        assertEquals(shell.get("allocated_bytes").asLong(),
                Long.parseLong(value("unit-converter", "allocated_bytes")));
        assertEquals(String.valueOf(shell.get("submitted").asLong()), field("unit-converter", "submitted"));
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f ms", shell.get("p95_millis").asDouble()),
                field("unit-converter", "p95_millis"));
    }

    @Test
    public void aReadOnlyTokenSeesNoActionsAndTheServerRefusesForgedOnes() throws Exception {
        logIn(READER);
        wait.until(page -> "active".equals(field("csv-processor", "state")));
        assertEquals("reader", browser.findElement(By.tagName("body")).getDomAttribute("data-role"));
        assertTrue(browser.findElements(By.cssSelector("[data-action]")).isEmpty());
        screenshot("read-only");
        // the page's own session, with its CSRF header: the gatekeeper still wants prsm_admin
        Map<?, ?> refused = post("/api/v1/plugins/csv-processor/stop", true);
        assertEquals(403L, refused.get("status"));
        assertTrue(String.valueOf(refused.get("body")), String.valueOf(refused.get("body")).contains("prsm_admin"));

        logIn(ADMIN);
        // as a page of another site would send it: the cookie, but no CSRF header
        Map<?, ?> forged = post("/api/v1/plugins/csv-processor/stop", false);
        assertEquals(403L, forged.get("status"));
        assertTrue(String.valueOf(forged.get("body")), String.valueOf(forged.get("body")).contains("forged"));
        assertEquals("active", api("GET", "/api/v1/plugins/csv-processor", ADMIN, null).get("state").asText());
        JsonNode denials = api("GET", "/api/v1/runtime/audit?decision=deny&layer=http", ADMIN, null);
        assertTrue(denials.toString(), denials.toString().contains("caller ops refused as a possibly forged request"));
        assertTrue(denials.toString(), denials.toString().contains("caller watcher lacks prsm_admin"));
    }

    @Test
    public void aPluginsPageTheAuditLogAndTheDashboardsAreDrawn() throws Exception {
        JsonNode created = api("POST", "/api/v1/plugins/analytics-dashboard/tasks", ADMIN, "{\"type\":"
                + "\"create_dashboard\",\"config\":{\"name\":\"Console check\",\"widgets\":["
                + "{\"type\":\"line_chart\",\"data_source\":\"system.heap_used_bytes\"},"
                + "{\"type\":\"chart\",\"data_source\":\"system.threads\"},"
                + "{\"type\":\"bar_chart\",\"data_source\":\"plugins.by_type\"},"
                + "{\"type\":\"pie_chart\",\"data_source\":\"plugins.by_security_level\"},"
                + "{\"type\":\"gauge\",\"data_source\":\"system.heap_used_ratio\"},"
                + "{\"type\":\"counter\",\"data_source\":\"tasks.submitted\"},"
                + "{\"type\":\"table\",\"data_source\":\"tasks\"}]}}");
        assertTrue(created.toString(), created.get("success").asBoolean());
        // one denial of the http layer to find in the audit log
        assertEquals(403, call("POST", "/api/v1/plugins/csv-processor/stop", READER, "").statusCode());
        logIn(ADMIN);

        browser.get(prsm.url() + "/console/#/plugin/analytics-dashboard");
        wait.until(page -> page.findElement(By.id("entitlements")).getText().contains("Entitlements declared"));
        wait.until(page -> points("Task rate of analytics-dashboard (tasks/s)") >= 1);
        String permissions = browser.findElement(By.id("permissions")).getText();
        assertTrue(permissions, permissions.matches("(?s).*read_analytics_data required (granted|denied).*"));
        assertTrue(browser.findElement(By.id("view")).getText().contains("Analytics Dashboard"));
        screenshot("plugin-page");

        // a configuration override set and removed from the page, as prsm:config does
        browser.get(prsm.url() + "/console/#/plugin/csv-processor");
        WebElement maxRows = wait.until(page -> page.findElement(By.cssSelector("#config tr[data-key=max_rows]")));
        assertEquals("default", maxRows.findElements(By.tagName("td")).get(2).getText());
        assertTrue("no override to remove", maxRows.findElements(By.cssSelector("button[type=button]")).isEmpty());
        WebElement input = maxRows.findElement(By.tagName("input"));
        input.clear();
        input.sendKeys("5000");
        maxRows.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(page -> page.findElement(By.cssSelector("#config tr[data-key=max_rows]")).getText()
                .startsWith("max_rows 5000 override"));
        assertTrue(api("GET", "/api/v1/plugins/csv-processor/config", ADMIN, null).toString()
                .contains("{\"key\":\"max_rows\",\"value\":\"5000\",\"layer\":\"override\""));
        browser.findElement(By.cssSelector("#config tr[data-key=max_rows] button[type=button]")).click();
        wait.until(page -> page.findElement(By.cssSelector("#config tr[data-key=max_rows]")).getText()
                .startsWith("max_rows 10000 default"));

        browser.get(prsm.url() + "/console/#/audit");
        // the layer filter is a list of the layers the log holds
        new Select(wait.until(page -> page.findElement(By.id("audit-layer")))).selectByValue("http");
        new Select(browser.findElement(By.id("audit-decision"))).selectByValue("deny");
        wait.until(page -> page.findElement(By.id("audit-page")).getText().startsWith("entries 1 to")
                && page.findElements(By.cssSelector("#audit-entries tr[data-decision=grant]")).isEmpty());
        assertFalse(browser.findElements(By.cssSelector("#audit-entries tr[data-decision=deny]")).isEmpty());
        screenshot("audit");

        browser.get(prsm.url() + "/console/#/dashboards");
        wait.until(page -> !page.findElements(By.cssSelector("[data-dashboard=console-check] meter")).isEmpty()
                && points("system.heap_used_bytes (line_chart)") >= 2);
        assertTrue(browser.findElement(By.id("dashboards-note")).getText().contains("count in its task metrics"));
        String counter = browser.findElement(By.cssSelector("[data-dashboard=console-check] [data-widget=counter]"))
                .getText();
        assertTrue(counter, counter.matches("(?s).*\\n[0-9]+$"));
        // issue 21.2: every widget type draws its data, bars and pies as charts: one bar per plugin
        // type and one slice per security level, as the runtime lists its plugins
        wait.until(page -> points("system.threads (chart)") >= 2);
        java.util.Set<String> types = new java.util.TreeSet<>();
        java.util.Set<String> levels = new java.util.TreeSet<>();
        api("GET", "/api/v1/plugins", ADMIN, null).forEach(plugin -> {
            types.add(plugin.get("type").asText());
            levels.add(plugin.get("security_level").asText());
        });
        assertEquals(types.size(), drawnIn("bar_chart", "rect.datum"));
        assertEquals(levels.size(), drawnIn("pie_chart", "path.datum, circle.datum"));
        assertEquals(String.valueOf(types.size()), widget("bar_chart").getDomAttribute("data-points"));
        for (String type : types) {
            assertTrue(type, widget("bar_chart").getText().contains(type));
        }
        for (String level : levels) {
            assertTrue(level, widget("pie_chart").getText().contains(level));
        }
        assertEquals(1, drawnIn("line_chart", "canvas"));
        assertEquals(1, drawnIn("chart", "canvas"));
        assertTrue(widget("table").findElements(By.cssSelector("tr")).size() >= 10);
        assertTrue(widget("table").getText().contains("submitted"));
        screenshot("dashboards");
    }

    private static void logIn(String token) {
        browser.get(prsm.url() + "/console/login");
        browser.manage().deleteAllCookies();
        browser.get(prsm.url() + "/console/login");
        WebElement field = wait.until(page -> page.findElement(By.id("token")));
        field.sendKeys(token);
        browser.findElement(By.id("log-in")).click();
        wait.until(page -> page.getCurrentUrl().endsWith("/console/") && !page.findElements(By.id("caller-name")).isEmpty());
        Object cookieSeen = ((JavascriptExecutor) browser).executeScript("return document.cookie");
        assertEquals("the session cookie is HttpOnly: scripts do not see it", "", cookieSeen);
    }

    /** The CSRF value of the browser's current session. */
    private static String csrf() {
        return (String) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/console/session').then((answer) => answer.json()).then((session) => done(session.csrf));""");
    }

    /** GETs {@code path} with this session cookie value and nothing else. */
    private static HttpResponse<String> withCookie(String path, String session) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(prsm.url() + path))
                .header("Cookie", "prsm_session=" + session).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static WebElement row(String plugin) {
        return browser.findElement(By.cssSelector("#plugins tr[data-plugin='" + plugin + "']"));
    }

    /** The text of a plugin's cell, or null while the row is not there. */
    private static String field(String plugin, String field) {
        WebElement cell = cell(plugin, field);
        return cell == null ? null : cell.getText();
    }

    /** The number behind a plugin's cell, as the API answered it, or null while the row is not there. */
    private static String value(String plugin, String field) {
        WebElement cell = cell(plugin, field);
        return cell == null ? null : cell.getDomAttribute("data-value");
    }

    private static WebElement cell(String plugin, String field) {
        List<WebElement> cells = browser.findElements(By.cssSelector("#plugins tr[data-plugin='" + plugin
                + "'] td[data-field='" + field + "']"));
        return cells.isEmpty() ? null : cells.get(0);
    }

    private static int points(String chart) {
        List<WebElement> found = browser.findElements(By.cssSelector("[data-chart='" + chart + "']"));
        return found.isEmpty() ? 0 : Integer.parseInt(found.get(0).getDomAttribute("data-points"));
    }

    /** The widget of type {@code type} on the test's dashboard. */
    private static WebElement widget(String type) {
        return browser.findElement(By.cssSelector("[data-dashboard=console-check] [data-widget=" + type + "]"));
    }

    /** How many elements {@code selector} finds in that widget. */
    private static int drawnIn(String type, String selector) {
        return widget(type).findElements(By.cssSelector(selector)).size();
    }

    /** An attribute data-NAME of the chart titled {@code chart}, or null while it is not drawn. */
    private static String chartAttribute(String chart, String name) {
        List<WebElement> found = browser.findElements(By.cssSelector("[data-chart='" + chart + "']"));
        return found.isEmpty() ? null : found.get(0).getDomAttribute("data-" + name);
    }

    /**
     * How many rows of the chart's canvas hold pixels of this colour (the drawn line, not axes or
     * grid), from the highest to the lowest; -1 when there are none.
     */
    private static long heightOf(String chart, int red, int green, int blue) {
        Object count = ((JavascriptExecutor) browser).executeScript("""
                const box = document.querySelector(`[data-chart="${arguments[0]}"]`);
                const canvas = box && box.querySelector('canvas');
                if (!canvas) return -1;
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let top = -1, bottom = -1;
                for (let i = 0; i < data.length; i += 4) {
                  if (Math.abs(data[i] - arguments[1]) < 8 && Math.abs(data[i + 1] - arguments[2]) < 8
                      && Math.abs(data[i + 2] - arguments[3]) < 8 && data[i + 3] > 200) {
                    const row = Math.floor(i / 4 / canvas.width);
                    if (top < 0) top = row;
                    bottom = row;
                  }
                }
                return top < 0 ? -1 : bottom - top;""", chart, red, green, blue);
        return ((Number) count).longValue();
    }

    /** POSTs from the page with its cookie, with or without the session's CSRF header: status and body. */
    private static Map<?, ?> post(String path, boolean withCsrf) {
        return (Map<?, ?>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const session = await (await fetch('/console/session')).json();
                  const headers = arguments[1] ? { [session.csrf_header]: session.csrf } : {};
                  const response = await fetch(arguments[0], { method: 'POST', headers });
                  done({ status: response.status, body: await response.text() });
                })();""", path, withCsrf);
    }

    private static void runTasks(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            JsonNode answer = api("POST", "/api/v1/plugins/unit-converter/tasks", ADMIN,
                    "{\"type\":\"convert\",\"config\":{\"value\":" + i + ",\"from\":\"C\",\"to\":\"F\"}}");
            assertTrue(answer.toString(), answer.get("success").asBoolean());
        }
    }

    private static JsonNode api(String method, String path, String token, String body) throws Exception {
        HttpResponse<String> response = call(method, path, token, body);
        assertTrue(method + " " + path + ": " + response.body(), response.statusCode() < 300);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> call(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(prsm.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), WORK.resolve("screenshots").resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
