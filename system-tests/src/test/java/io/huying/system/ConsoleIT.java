package io.huying.system;

import static io.huying.system.Browser.test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.system.Chain.Raised;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web console in real browsers (Debian's headless Chromium), through the packaged gateway and
 * services, logging in on the real Keycloak login page: the whole chain as its people walk it —
 * 凤岭 raises a call with a photo, 城管科's open inbox shows it live, the clerk handles it with evidence,
 * 凤岭 verifies and closes it — and the detours around it: another unit's user, the English switch,
 * an expired session, the district dispatcher's queue, the ops board and its exports, and the street
 * dispatcher's 立项审核 (case-acceptance review), and a grid worker raising a call from a phone. The steps run in
 * order on one system and share its calls;
 * each keeps screenshots of the pages it visits.
 */
@TestMethodOrder(OrderAnnotation.class)
class ConsoleIT {
    static final String FENGLING_GRID = CallChainIT.FENGLING + "/grid-02";
    static final String PHONE = "13912345678";
    /** The bound for a new task to show in an open inbox (and for the p99 of the samples). */
    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(2);
    /** Calls raised through the API while 城管科's inbox is open, each one a latency sample. */
    static final int SAMPLES = 12;
    /** The street whose 综治中心 reviews in (j), its dispatcher, and the category put under review. */
    static final String JINSHA = "/baiyun/jinsha";
    static final String STREET_DISPATCHER = "jinsha.dispatcher";
    /**
     * 电动自行车违规停放充电: routed to 金沙's 安全生产办 when accepted. No other system test raises it at 凤岭's grid-01 and
     * grid-02 or 平乐's grid-01, so the review's calls merge only where the test merges them.
     */
    static final String REVIEWED = "XF-02";

    static Browser fengling;
    static Browser urban;
    /** 金沙's dispatcher in (j); open until the end, so that a failure's screenshot shows the review page. */
    static Browser reviewer;
    /** The call 凤岭 raises in the browser (a), handled in (b), closed in (c). */
    static String callId;
    static String taskId;
    static final List<Latency> LATENCIES = new ArrayList<>();
    static final List<Latency> WARM_UP = new ArrayList<>();

    /** A screenshot of every open browser when a step fails: what the person would have seen. */
    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            Browser.screenshotAll("FAILED-" + context.getRequiredTestMethod().getName());
        }
    };

    /** One observation: the task's dispatch event, the raise, and when its row was in the inbox (epoch ms). */
    record Latency(String how, String callId, double raisedAt, double eventAt, double visibleAt) {
        double fromEvent() {
            return visibleAt - eventAt;
        }

        double fromRaise() {
            return visibleAt - raisedAt;
        }
    }

    @BeforeAll
    static void startTheSystem() {
        Browser.requireChromium();
        SystemUnderTest.requireGateway();
        System.setProperty("java.awt.headless", "true");
    }

    @AfterAll
    static void closeTheBrowsers() throws IOException {
        writeLatencies();
        for (Browser b : new Browser[] {fengling, urban, reviewer}) {
            if (b != null) {
                b.close();
            }
        }
    }

    @Test
    @Order(1)
    void peopleLogInThroughKeycloakAndLandOnTheirWorkspace() {
        urban = new Browser("urban");
        urban.login("urban.section");
        assertThat(urban.find("current-unit").getText()).contains("城管");
        urban.await(d -> urban.path().startsWith("/section/inbox"));
        urban.find("inbox-table");
        urban.await(d -> "true".equals(urban.present("inbox-live").getAttribute("data-live")));
        urban.screenshot("inbox");

        fengling = new Browser("fengling");
        fengling.login("fengling.office");
        assertThat(fengling.find("current-unit").getText()).contains("凤岭");
        fengling.await(d -> fengling.path().startsWith("/office/calls"));
        fengling.find("menu-office-raise");
        fengling.screenshot("my-calls");
    }

    /** (a) 凤岭 raises a call with a photo; (b) 城管科's inbox, open before, shows it within 2 s without a reload. */
    @Test
    @Order(2)
    void anOfficeRaisesACallWithAPhotoAndTheOpenInboxShowsItLive() throws IOException {
        fengling.click("menu-office-raise");
        fengling.find("raise-form");
        choose(fengling, "raise-category", "SR-04", "category-option-SR-04");
        fengling.click("raise-urgency-URGENT");
        fengling.click("raise-type-COMPLAINT");
        fengling.type("raise-title", "凤岭路商铺店外经营占道");
        fengling.type("raise-description", "凤岭路18号水果店长期在门外摆放货架，占用人行道约三米，行人需绕行机动车道。");
        choose(fengling, "raise-grid", null, "grid-option-" + FENGLING_GRID);
        fengling.type("raise-address", "金沙街道凤岭社区凤岭路18号");
        fengling.type("raise-reporter-name", "陈先生");
        fengling.type("raise-reporter-phone", PHONE);
        Path photo = image("storefront.png", "png", 0x2e7d32);
        fengling.present("file-input").sendKeys(photo.toString());
        fengling.await(d -> !fengling.all("file-thumb").isEmpty() && fengling.all("file-pending").isEmpty());
        fengling.screenshot("raise-filled");

        watchInbox(urban);
        // The first call through a freshly started system pays for class loading and JIT compilation in
        // every service: one call through the API first, recorded as the warm-up and not counted.
        try (TopicProbe tasks = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.TASKS)) {
            double at = System.currentTimeMillis();
            Raised warmUp = Chain.raise("pingle.office", "SR-04", CallChainIT.PINGLE + "/grid-01", "平乐社区预热呼叫");
            WARM_UP.add(observe(tasks, "warm-up (not counted)", warmUp.id(), at));
        }
        try (TopicProbe tasks = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.TASKS)) {
            double raisedAt = System.currentTimeMillis();
            fengling.click("raise-submit");
            fengling.await(d -> fengling.path().matches("/office/calls/[0-9a-f-]{36}.*"));
            callId = fengling.path().replaceAll("^/office/calls/([0-9a-f-]{36}).*$", "$1");
            LATENCIES.add(observe(tasks, "raised in the console", callId, raisedAt));
        }
        urban.screenshot("inbox-new-task");
        fengling.find("call-number");
        assertThat(fengling.find("call-address").getText()).isEqualTo("金沙街道凤岭社区凤岭路18号");
        awaitImages(fengling, "call-photos", 1);
        fengling.screenshot("call-raised");

        // More samples for the figure (docs/benchmarks.md): calls raised through intake's API while the inbox stays open.
        String[] categories = {"SR-05", "HW-01", "HW-02", "HW-03", "GS-01", "GS-02", "GS-04", "SR-03", "SR-01", "SR-02", "HW-04", "GS-03"};
        for (int i = 0; i < SAMPLES; i++) {
            try (TopicProbe tasks = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.TASKS)) {
                double at = System.currentTimeMillis();
                Raised sample = Chain.raise("pingle.office", categories[i], CallChainIT.PINGLE + "/grid-01", "平乐社区样本呼叫" + (i + 1));
                LATENCIES.add(observe(tasks, "raised through the API", sample.id(), at));
            }
        }
        urban.screenshot("inbox-after-samples");

        Latency first = LATENCIES.get(0);
        assertThat(first.fromEvent())
                .as("城管科's open inbox showed the new task %.0f ms after its dispatch event (%.0f ms after the raise click); "
                        + "issue 20 asks for at most %d ms", first.fromEvent(), first.fromRaise(), VISIBLE_WITHIN.toMillis())
                .isLessThanOrEqualTo(VISIBLE_WITHIN.toMillis());
    }

    /** (b) the clerk opens the task, sees what the call says, signs for it and completes it with an evidence photo. */
    @Test
    @Order(3)
    void theSectionSeesTheCallSignsForItAndCompletesItWithEvidence() throws IOException {
        // The row appeared live in (a). The inbox lists the nearest deadline first, and the earlier system tests left
        // 城管科 overdue tasks that come before this one, so the clerk opens it from the row when it is on the first
        // page and by its address otherwise (as a link from a notification would).
        taskId = Chain.awaitTask("urban.section", callId, CallChainIT.URBAN, "LEAD");
        List<WebElement> rows = urban.driver().findElements(By.cssSelector("[data-test='inbox-row'][data-call-id='" + callId + "']"));
        if (rows.isEmpty()) {
            urban.open("/section/tasks/" + taskId);
        } else {
            rows.get(0).click();
        }
        urban.await(d -> urban.path().startsWith("/section/tasks/" + taskId));
        assertThat(urban.find("task-address").getText()).isEqualTo("金沙街道凤岭社区凤岭路18号");
        assertThat(urban.find("task-description").getText()).contains("水果店长期在门外摆放货架");
        assertThat(urban.find("task-reporter-phone").getText()).as("the phone masked until revealed").contains("****");
        assertThat(urban.find("task-reporter-name").getText()).contains("陈先生");
        assertThat(urban.present("watermark").getAttribute("data-text")).as("personal data on the page: a watermark naming the viewer")
                .contains("urban.section");
        // 查看完整号码: the handling unit reveals the number with a reason (kept in the audit log).
        urban.click("task-reporter-reveal");
        urban.type("reveal-reason", "联系来电人约定上门时间");
        urban.click("reveal-confirm");
        urban.await(d -> urban.find("task-reporter-phone").getText().equals(PHONE));
        assertThat(urban.find("task-reporter-phone").getAttribute("href")).isEqualTo("tel:" + PHONE);
        urban.find("task-reporter-audited");
        awaitImages(urban, "task-photos", 1);
        urban.screenshot("task");

        urban.click("action-sign-for");
        urban.await(d -> "ACKNOWLEDGED".equals(urban.find("task-status").getAttribute("data-status")));
        urban.screenshot("task-signed-for");

        urban.click("action-complete");
        WebElement dialog = urban.find("complete-dialog");
        Browser.input(dialog.findElement(test("complete-result"))).sendKeys("已责令水果店收回货架，人行道已恢复通行，安排每日巡查。");
        dialog.findElement(test("file-input")).sendKeys(image("after.jpg", "jpg", 0x1565c0).toString());
        urban.await(d -> !dialog.findElements(test("file-thumb")).isEmpty() && dialog.findElements(test("file-pending")).isEmpty());
        urban.screenshot("complete-dialog");
        urban.click("complete-submit");
        urban.await(d -> "COMPLETED".equals(urban.find("task-status").getAttribute("data-status")));
        urban.screenshot("task-completed");
    }

    /** (c) 凤岭 sees the evidence, closes the call, and the call's timeline shows every step. */
    @Test
    @Order(4)
    void theOfficeSeesTheEvidenceClosesTheCallAndTheTimelineShowsEveryStep() {
        Chain.awaitVerification("fengling.office", callId, 1);
        // The call page opened in (a) is still open: the section's steps reached it over its live stream.
        assertThat(fengling.path()).startsWith("/office/calls/" + callId);
        assertThat(fengling.find("call-live").getAttribute("data-live")).as("the call page is live").isEqualTo("true");
        fengling.await(d -> steps(fengling).contains("办结") ? Boolean.TRUE : null, Chain.WAIT);
        fengling.screenshot("call-live-timeline");
        fengling.click("menu-office-verifications");
        By entry = By.cssSelector("[data-test='verify-row'][data-call-id='" + callId + "']");
        WebElement row = fengling.await(d -> d.findElement(entry));
        assertThat(row.findElement(test("verify-result")).getText()).contains("已责令水果店收回货架");
        awaitImages(fengling, row.findElement(test("verify-evidence")), 1);
        fengling.screenshot("verification");

        row.findElement(test("verify-close")).click();
        WebElement dialog = fengling.find("verify-dialog");
        dialog.findElement(test("verify-satisfaction-SATISFIED")).click();
        Browser.input(dialog.findElement(test("verify-comment"))).sendKeys("已恢复通行，满意");
        fengling.screenshot("verify-dialog");
        fengling.click("verify-submit");
        fengling.await(d -> d.findElements(entry).isEmpty());

        fengling.open("/office/calls/" + callId);
        fengling.await(d -> "CLOSED".equals(fengling.find("call-status").getAttribute("data-status")), Chain.WAIT);
        List<String> labels = fengling.await(d -> {
            List<String> steps = steps(fengling);
            return steps.contains("结案") ? steps : null;
        }, Chain.WAIT);
        assertThat(labels).as("the call's timeline").containsSubsequence("立项", "派遣（主办）", "签收", "办结", "待核查", "结案");
        fengling.screenshot("call-closed-timeline");
    }

    /** (f) a user of another unit opening the call's URL gets the friendly no-access page. */
    @Test
    @Order(5)
    void anotherUnitsUserOpeningTheCallGetsTheNoAccessPage() {
        try (Browser pingle = new Browser("pingle")) {
            pingle.login("pingle.office");
            pingle.find("current-unit");
            pingle.open("/office/calls/" + callId);
            pingle.find("forbidden-page");
            assertThat(pingle.find("forbidden-page").getText()).isNotBlank();
            assertThat(pingle.all("call-details")).isEmpty();
            pingle.screenshot("forbidden");
        }
    }

    /** (g) the English switch changes the labels, and back. */
    @Test
    @Order(6)
    void theEnglishSwitchChangesTheLabels() {
        fengling.open("/office/calls");
        WebElement raise = fengling.find("menu-office-raise");
        assertThat(raise.getText()).isEqualTo("我要呼叫");
        fengling.click("lang-switch");
        fengling.await(d -> "Raise a call".equals(fengling.find("menu-office-raise").getText()));
        assertThat(fengling.find("menu-office-verifications").getText()).isEqualTo("To verify");
        assertThat(fengling.find("lang-switch").getText()).isEqualTo("中文");
        fengling.screenshot("english");
        fengling.click("lang-switch");
        fengling.await(d -> "我要呼叫".equals(fengling.find("menu-office-raise").getText()));
    }

    /** (h) an expired session returns to the login page and, after logging in, back to the same page. */
    @Test
    @Order(7)
    void anExpiredSessionReturnsToLoginAndBackToTheSamePage() {
        String page = "/office/calls/" + callId;
        fengling.open(page);
        fengling.find("call-timeline");
        fengling.expireSession("fengling.office");
        fengling.driver().navigate().refresh();
        fengling.await(d -> fengling.onLoginPage());
        fengling.screenshot("session-expired-login");
        fengling.signIn("fengling.office");
        fengling.await(d -> fengling.path().startsWith(page));
        fengling.find("call-timeline");
        fengling.screenshot("back-after-login");
    }

    /** (d) the district's dispatcher dispatches a call no rule covers from the queue (兜底). */
    @Test
    @Order(8)
    void theDistrictDispatcherDispatchesAQueuedCall() {
        Raised call = Chain.raise("jinsha.office", "MD-03", CallChainIT.FENGLING + "/grid-03", "凤岭某装修工地拖欠农民工工资");
        Awaitility.await().atMost(Chain.WAIT).untilAsserted(() -> Chain.as("baiyun.dispatcher", "dispatch").get("/api/dispatch/queue")
                .then().statusCode(200).body("callId", hasItem(call.id())));
        try (Browser dispatcher = new Browser("dispatcher")) {
            dispatcher.login("baiyun.dispatcher");
            dispatcher.await(d -> dispatcher.path().startsWith("/dispatch/queue"));
            By row = By.cssSelector("tr[data-test='queue-row'][data-call-id='" + call.id() + "']");
            dispatcher.await(d -> d.findElement(row));
            dispatcher.screenshot("queue");
            clickFor(dispatcher, "dispatch-open", call.id());
            dispatcher.find("dispatch-dialog");
            choose(dispatcher, "dispatch-unit", null, "dispatch-unit-option", CallChainIT.HOUSING);
            dispatcher.screenshot("dispatch-dialog");
            dispatcher.click("dispatch-submit");
            dispatcher.await(d -> d.findElements(row).isEmpty());
            dispatcher.screenshot("queue-after-dispatch");
        }
        String task = Chain.awaitTask("housing.dept", call.id(), CallChainIT.HOUSING, "LEAD");
        assertThat(task).isNotNull();
        Chain.awaitTimeline("jinsha.office", call.id(), "立项", "待人工派遣", "派遣（主办）");
    }

    /** (e) the ops board draws its charts with data, and the month's assessment downloads as CSV and .xlsx that open. */
    @Test
    @Order(9)
    void theOpsBoardDrawsItsChartsAndTheAssessmentExports() throws IOException {
        try (Browser ops = new Browser("ops")) {
            ops.login("baiyun.ops");
            ops.await(d -> ops.path().startsWith("/ops/board"));
            assertThat(Integer.parseInt(ops.await(d -> {
                String open = ops.find("ops-total-open").getText().replaceAll("[^0-9]", "");
                return open.isEmpty() || open.equals("0") ? null : open;
            }, Chain.WAIT))).as("open clocks on the board").isPositive();
            for (String chart : List.of("ops-chart-states", "ops-chart-days")) {
                ops.await(d -> d.findElement(By.cssSelector("[data-test='" + chart + "'][data-ready='true']")));
                long painted = (Long) ops.script(PAINTED_PIXELS, ops.find(chart));
                assertThat(painted).as("coloured pixels drawn by %s", chart).isGreaterThan(200);
            }
            ops.screenshot("board");

            ops.click("menu-ops-ranking");
            ops.find("ranking-table");
            ops.screenshot("ranking");
            ops.click("export-csv");
            Path csv = awaitDownload(ops, ".csv");
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            assertThat(lines.get(0).replace("\uFEFF", "")).startsWith("月份,排名,单位").contains("签收及时率(%)");
            assertThat(lines.size()).as("rows of %s", csv.getFileName()).isGreaterThan(1);
            assertThat(lines.stream().skip(1).anyMatch(l -> l.contains("/baiyun/jinsha/sections/urban")))
                    .as("城管科 is ranked in %s", csv.getFileName()).isTrue();

            ops.click("export-xlsx");
            Path xlsx = awaitDownload(ops, ".xlsx");
            try (ZipFile zip = new ZipFile(xlsx.toFile())) {
                assertThat(zip.getEntry("xl/workbook.xml")).as("xl/workbook.xml in %s", xlsx.getFileName()).isNotNull();
                String sheets = sheetText(zip);
                assertThat(sheets).contains("签收及时率(%)").contains("/baiyun/jinsha/sections/urban");
            }
        }
    }

    /**
     * (i) the audit administrator lands on the audit log: 凤岭's raise of (a) is there with its user and
     * outcome, and there is no bell (三员分立: no notifications about calls); the security administrator
     * lands on a page that sends them to Keycloak's user management, also without a bell.
     */
    @Test
    @Order(10)
    void theAuditorReadsTheAuditLogAndTheSecurityAdministratorIsSentToKeycloak() {
        try (Browser security = new Browser("security")) {
            security.login("huying.security");
            assertThat(security.find("identity-admin").getAttribute("href")).endsWith("/admin/huying/console/");
            assertThat(security.all("notification-bell")).as("the bell for the security administrator").isEmpty();
            security.screenshot("welcome");
        }
        try (Browser auditor = new Browser("auditor")) {
            auditor.login("huying.auditor");
            auditor.await(d -> auditor.path().startsWith("/audit"));
            auditor.await(d -> auditor.all("audit-row").isEmpty() ? null : true);
            assertThat(auditor.all("notification-bell")).as("the bell for the auditor").isEmpty();
            assertThat(auditor.all("menu-ops-board")).as("the ops board in the auditor's menu").isEmpty();
            auditor.screenshot("audit-log");
            auditor.type("audit-username", "fengling.office");
            auditor.click("audit-search");
            auditor.await(d -> {
                String shown = auditor.find("audit-list").getText();
                return shown.contains("fengling.office") && shown.contains("POST /api/calls") && !shown.contains("urban.section") ? true : null;
            });
            auditor.screenshot("audit-log-filtered");
        }
    }

    /**
     * (j) 立项审核: 金沙's dispatcher puts a category under review (审核范围), and calls of it wait in 待审核 instead of
     * going to dispatch. One of 凤岭's is not accepted as 信息不全, the other accepted and dispatched; 平乐's is merged
     * into the accepted one, then unmerged from 已合并 and dispatched as a case of its own. The street's review scope
     * is put back afterwards: the other system tests expect their calls accepted at once.
     */
    @Test
    @Order(11)
    void theStreetDispatcherReviewsCallsBeforeTheyBecomeCases() {
        List<String> scope = CaseReview.categories(STREET_DISPATCHER);
        try {
            reviewer = new Browser("reviewer");
            reviewer.login(STREET_DISPATCHER);
            reviewer.click("menu-dispatch-review");
            reviewer.await(d -> reviewer.path().startsWith("/dispatch/review"));
            reviewer.find("review-table");

            reviewer.click("review-tab-rules");
            assertThat(reviewer.find("rules-street").getAttribute("data-street")).isEqualTo(JINSHA);
            if (!scope.contains(REVIEWED)) {
                reviewer.click("rules-category-" + REVIEWED);
                reviewer.find("rules-dirty");
                reviewer.click("rules-save");
                reviewer.await(d -> reviewer.all("rules-dirty").isEmpty());
            }
            assertThat(CaseReview.categories(STREET_DISPATCHER)).as("金沙's review scope after saving").contains(REVIEWED);
            reviewer.screenshot("review-scope");

            Raised incomplete = CaseReview.raise("fengling.office", REVIEWED, CallChainIT.FENGLING + "/grid-01", "凤岭社区楼道有电动车充电");
            Raised accepted = CaseReview.raise("fengling.office", REVIEWED, CallChainIT.FENGLING + "/grid-02", "凤岭路12号楼道电动自行车飞线充电");
            Raised repeat = CaseReview.raise("pingle.office", REVIEWED, CallChainIT.PINGLE + "/grid-01", "凤岭路12号旁电动车飞线充电");
            CaseReview.awaitListed(STREET_DISPATCHER, incomplete, accepted, repeat);

            reviewer.click("review-tab-pending");
            for (Raised call : List.of(incomplete, accepted, repeat)) {
                reviewer.await(d -> d.findElement(reviewRow(call)));
            }
            assertThat(reviewer.driver().findElement(reviewRow(accepted)).findElement(test("review-age")).getText())
                    .as("how long ago the call was raised").endsWith("前");
            reviewer.screenshot("review-pending");

            // 不予立项 as 信息不全, with the explanation the office reads.
            clickFor(reviewer, "review-reject", incomplete.id());
            reviewer.find("reject-dialog").findElement(test("reject-code-INCOMPLETE")).click();
            reviewer.type("reject-reason", "未写明具体楼栋和单元，请补充位置和现场照片后重新呼叫");
            reviewer.screenshot("review-reject-dialog");
            reviewer.click("reject-submit");
            reviewer.await(ExpectedConditions.invisibilityOfElementLocated(test("reject-dialog")));
            reviewer.await(d -> d.findElements(reviewRow(incomplete)).isEmpty());

            // 受理: the call becomes a case and goes to dispatch.
            clickFor(reviewer, "review-accept", accepted.id());
            reviewer.await(d -> d.findElements(reviewRow(accepted)).isEmpty());
            CaseReview.awaitProceeded("fengling.office", accepted.id());

            // 合并 into the case just accepted, among the street's open cases of the category ...
            clickFor(reviewer, "review-merge", repeat.id());
            reviewer.find("merge-dialog");
            clickFor(reviewer, "merge-candidate", accepted.id());
            reviewer.type("merge-reason", "同一处飞线充电，凤岭已呼叫");
            reviewer.screenshot("review-merge-dialog");
            reviewer.click("merge-submit");
            reviewer.await(ExpectedConditions.invisibilityOfElementLocated(test("merge-dialog")));
            reviewer.await(d -> d.findElements(reviewRow(repeat)).isEmpty());
            assertThat(Chain.awaitStatus("pingle.office", repeat.id(), "MERGED").getString("mergedInto.id"))
                    .as("the case 平乐's call was merged into").isEqualTo(accepted.id());

            // ... then 撤销合并 from 已合并: it becomes a case of its own and goes to dispatch.
            reviewer.click("review-tab-merged");
            By merged = By.cssSelector("tr[data-test='merged-row'][data-call-id='" + repeat.id() + "']");
            WebElement row = reviewer.await(d -> d.findElement(merged));
            assertThat(row.findElement(test("merged-into")).getText()).isEqualTo(accepted.number());
            reviewer.screenshot("review-merged");
            clickFor(reviewer, "merged-unmerge", repeat.id());
            reviewer.find("unmerge-dialog");
            reviewer.type("unmerge-reason", "平乐所报为另一处充电点，不是同一事项");
            reviewer.click("unmerge-submit");
            reviewer.await(ExpectedConditions.invisibilityOfElementLocated(test("unmerge-dialog")));
            reviewer.await(d -> d.findElements(merged).isEmpty());
            reviewer.screenshot("review-unmerged");

            JsonPath notAccepted = Chain.awaitStatus("fengling.office", incomplete.id(), "REJECTED");
            assertThat(notAccepted.getString("rejection.code")).isEqualTo("INCOMPLETE");
            assertThat(notAccepted.getString("rejection.reason")).contains("未写明具体楼栋和单元");
            CaseReview.awaitProceeded("pingle.office", repeat.id());
        } finally {
            CaseReview.setCategories(STREET_DISPATCHER, scope);
        }
    }

    /** Clicks the el-select {@code hook}, types {@code filter} into it if given, and clicks the option {@code option}. */
    /**
     * (k) 网格员 in the field: a grid worker of 凤岭 on a phone-sized screen (390 × 844) lands on the raise
     * page, which fixes the channel (网格巡查) and offers only their own grids; takes the position from the
     * browser (GPS) and a photo, which the page scales down before it uploads it. 凤岭社区's office sees
     * the call as its own.
     */
    @Test
    @Order(12)
    void aGridWorkerRaisesACallFromAPhoneWithAPhotoAndThePosition() throws IOException {
        try (Browser phone = Browser.phone("grid-worker-phone", 390, 844)) {
            phone.locatedAt(23.210123, 113.270456, 8);
            phone.login("fengling.grid1");
            phone.await(d -> phone.path().startsWith("/office/raise"));
            phone.find("menu-bar");
            assertThat(phone.find("raise-field-channel").getText()).isEqualTo("网格巡查");
            assertThat(phone.all("raise-channel")).isEmpty();
            choose(phone, "raise-category", "WJ-02", "category-option-WJ-02");
            phone.type("raise-title", "凤岭路井盖缺失");
            phone.type("raise-description", "凤岭路与松园路交叉口一处雨水井盖缺失，已用锥桶临时围挡，需尽快补装。");
            phone.click("raise-grid");
            phone.await(d -> !phone.all("grid-option-" + FENGLING_GRID).isEmpty());
            assertThat(phone.all("grid-option-" + CallChainIT.FENGLING + "/grid-03"))
                    .as("凤岭's third grid is not this worker's").isEmpty();
            phone.click("grid-option-" + FENGLING_GRID);
            phone.type("raise-address", "金沙街道凤岭路与松园路交叉口");
            phone.click("raise-locate");
            phone.find("raise-located");
            assertThat(Browser.input(phone.find("raise-latitude")).getAttribute("value")).isEqualTo("23.210123");
            assertThat(Browser.input(phone.find("raise-longitude")).getAttribute("value")).isEqualTo("113.270456");
            Path photo = largePhoto("manhole.jpg");
            phone.present("file-input").sendKeys(photo.toString());
            phone.await(d -> !phone.all("file-thumb").isEmpty() && phone.all("file-pending").isEmpty());
            phone.screenshot("raise-filled-on-a-phone");
            phone.click("raise-submit");
            phone.await(d -> phone.path().matches("/office/calls/[0-9a-f-]{36}.*"));
            String id = phone.path().replaceAll("^/office/calls/([0-9a-f-]{36}).*$", "$1");
            phone.find("call-number");
            awaitImages(phone, "call-photos", 1);
            phone.screenshot("call-raised-on-a-phone");

            // The community office sees it as its own call, raised through 网格巡查 with the position and the scaled photo.
            // Coordinates read as doubles (JsonPath reads decimals as floats by default: 113.270456 would come back 113.270454).
            JsonPath call = Chain.as("fengling.office", "intake").get("/api/calls/" + id).then().statusCode(200).extract().jsonPath()
                    .using(new io.restassured.path.json.config.JsonPathConfig(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
            assertThat(call.getString("raisingUnit")).isEqualTo(CallChainIT.FENGLING);
            assertThat(call.getString("channel")).isEqualTo("GRID_INSPECTION");
            assertThat(call.getString("raisedBy")).isEqualTo("fengling.grid1");
            assertThat(call.getDouble("location.latitude")).isEqualTo(23.210123);
            assertThat(call.getDouble("location.longitude")).isEqualTo(113.270456);
            assertThat(call.getString("files[0].contentType")).isEqualTo("image/jpeg");
            byte[] stored = Chain.as("fengling.office", "intake").get(call.getString("files[0].url")).then().statusCode(200)
                    .extract().asByteArray();
            java.awt.image.BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(stored));
            assertThat(Math.max(image.getWidth(), image.getHeight())).as("the longer edge of the uploaded photo").isEqualTo(1600);
            assertThat((long) stored.length).as("bytes uploaded against the %d of the photo taken", Files.size(photo))
                    .isLessThan(Files.size(photo) / 2);
        }
    }

    /** (l) a street office follows a 12345 work order: the call page names the order and shows each step posted back (回传). */
    @Test
    @Order(13)
    void aStreetOfficeSeesA12345OrdersStepsPostedBack() {
        JsonPath order = HotlineChainIT.forward(HotlineChainIT.serviceAccount(),
                HotlineChainIT.order("080103", "市民来电反映：凤岭路一家餐馆油烟直排居民楼，后厨卫生差。"));
        String callId = order.getString("callId");
        try (Browser street = new Browser("street-office-12345")) {
            street.login("jinsha.office");
            street.open("/office/calls/" + callId);
            assertThat(street.find("hotline-order-no").getText()).isEqualTo(order.getString("orderNo"));
            // 受理 is posted a second after the call is accepted (the system tests' settle time).
            street.await(d -> !street.all("hotline-delivered").isEmpty());
            assertThat(street.find("hotline-callbacks").getText()).contains("受理");
            street.screenshot("call-12345-order");
        }
    }

    /** (m) the administrator adds a routing rule in the console and the next call follows it (派单规则). */
    @Test
    @Order(14)
    void theAdministratorAddsARoutingRuleAndTheNextCallFollowsIt() {
        String civil = "/baiyun/jinsha/sections/civil";
        try (Browser admin = new Browser("admin-rules")) {
            admin.login("huying.admin");
            admin.open("/admin/routing-rules");
            int revision = Integer.parseInt(admin.find("rules-revision").getAttribute("data-revision"));
            admin.click("rules-add");
            admin.find("rule-dialog");
            admin.type("rule-id", "JS-COMMUNITY-QT");
            choose(admin, "rule-area", "金沙", "rule-area-/baiyun/jinsha");
            admin.click("rule-raised-COMMUNITY");
            choose(admin, "rule-lead", "民政", "rule-lead-" + civil);
            choose(admin, "rule-categories", "QT-01", "rule-category-QT-01");
            // A click beside it closes the multiple select's list, which stays open for more choices.
            admin.driver().findElement(By.cssSelector(".el-dialog__title")).click();
            admin.await(d -> d.findElements(test("rule-category-QT-01")).stream().noneMatch(WebElement::isDisplayed));
            admin.screenshot("rule-dialog");
            admin.click("rule-keep");
            admin.type("rules-note", "其他事项由民政科先行处置");
            admin.click("rules-save");
            admin.await(d -> Integer.parseInt(admin.find("rules-revision").getAttribute("data-revision")) == revision + 1);
            assertThat(admin.find("rules-versions").getText()).contains("其他事项由民政科先行处置").contains("huying.admin");
            admin.screenshot("routing-rules");
        }
        Raised call = Chain.raise("fengling.office", "QT-01", CallChainIT.FENGLING + "/grid-01", "凤岭路口有人焚烧杂物");
        assertThat(Chain.awaitTask("civil.section", call.id(), civil, "LEAD")).isNotNull();
    }

    /**
     * (n) the administrator gives a category terms of its own in the console (时限标准) and the next call's clock runs
     * by them; the working calendars page shows the year in force (工作日历).
     */
    @Test
    @Order(15)
    void theAdministratorChangesTheSlaPolicyAndTheNextClockRunsByIt() {
        String civil = "/baiyun/jinsha/sections/civil";
        try (Browser admin = new Browser("admin-sla")) {
            admin.login("huying.admin");
            admin.open("/admin/sla-policy");
            String before = admin.find("sla-policy-version").getAttribute("data-version");
            admin.click("sla-policy-edit");
            int row = admin.find("sla-overrides").findElements(By.cssSelector(".el-table__body tr")).size();
            admin.click("sla-override-add");
            // The new line's hooks carry its index among all the policy's rules: the last one.
            String category = admin.driver().findElements(By.cssSelector("[data-test^='sla-override-category-']")).stream()
                    .map(e -> e.getAttribute("data-test")).reduce((a, b) -> b).orElseThrow();
            String index = category.substring("sla-override-category-".length());
            choose(admin, category, "QT-01", "sla-category-QT-01");
            // The calls Chain raises are 紧急.
            choose(admin, "sla-override-urgency-" + index, null, "sla-urgency-URGENT");
            admin.type("sla-override-amount-" + index, "2");
            admin.type("sla-policy-description", "其他事项紧急件 2 个工作日办结");
            assertThat(admin.find("sla-overrides").findElements(By.cssSelector(".el-table__body tr"))).hasSize(row + 1);
            admin.screenshot("sla-policy-draft");
            admin.click("sla-policy-save");
            admin.await(d -> !before.equals(admin.find("sla-policy-version").getAttribute("data-version")));
            String version = admin.find("sla-policy-version").getAttribute("data-version");
            assertThat(admin.find("sla-overrides").getText()).contains("QT-01").contains("紧急").contains("2 个工作日");
            assertThat(admin.find("sla-policy-versions").getText()).contains(version).contains("huying.admin");
            admin.screenshot("sla-policy");

            admin.open("/admin/calendars");
            String calendar = admin.find("calendar-version").getAttribute("data-version");
            assertThat(admin.find("calendar-holidays").getText()).contains("国庆节");
            admin.screenshot("work-calendar");
            // A make-up workday on a holiday is refused by the SLA engine, shown by its field; nothing changes.
            admin.click("calendar-edit");
            WebElement day = Browser.input(admin.find("calendar-make-up-add"));
            day.sendKeys("2026-10-03");
            day.sendKeys(Keys.ENTER);
            admin.await(d -> admin.find("calendar-make-up").getText().contains("2026-10-03"));
            admin.click("calendar-save");
            assertThat(admin.find("calendar-faults").getText()).contains("2026-10-03 is also a holiday");
            admin.screenshot("work-calendar-fault");
            assertThat(Chain.as("huying.admin", "sla").get("/api/sla/admin/calendars/2026").then().statusCode(200).extract().jsonPath()
                    .getString("active.version")).isEqualTo(calendar);

            // The next 其他事项 call (紧急): once signed for, its 办结 clock runs 2 working days under the new version.
            // At grid 2: 其他事项 at grid 3 is HotlineChainIT's (a call there would take its order in as a duplicate).
            Raised call = Chain.raise("fengling.office", "QT-01", CallChainIT.FENGLING + "/grid-02", "凤岭菜市场门口杂物堆放");
            Chain.signFor("civil.section", Chain.awaitTask("civil.section", call.id(), civil, "LEAD"));
            // 404 until the SLA engine has heard of the call.
            Awaitility.await().atMost(Chain.WAIT).until(() -> {
                io.restassured.response.Response clocks = Chain.as("huying.admin", "sla").get("/api/sla/calls/" + call.id() + "/clocks");
                return clocks.statusCode() == 200 && clocks.jsonPath().getList("findAll { it.clock == 'RESOLVE' && it.duration == '2 WORKING_DAYS' "
                        + "&& it.policyVersion == '" + version + "' }").size() == 1;
            });
        }
    }

    /**
     * (o) the administrator adds a category to the catalogue in the console (派单目录); dispatch knows it at once (a
     * routing rule may name it), and the next call of it is raised, routed and led by the unit the rule names.
     */
    @Test
    @Order(16)
    void theAdministratorAddsACategoryAndEveryServiceKnowsIt() {
        String civil = "/baiyun/jinsha/sections/civil";
        try (Browser admin = new Browser("admin-catalogue")) {
            admin.login("huying.admin");
            admin.open("/admin/catalogue");
            int revision = Integer.parseInt(admin.find("catalogue-revision").getAttribute("data-revision"));
            admin.click("catalogue-add");
            admin.find("catalogue-dialog");
            choose(admin, "catalogue-new-group", null, "catalogue-group-QT");
            assertThat(Browser.input(admin.find("catalogue-new-code")).getAttribute("value")).isEqualTo("QT-02");
            admin.type("catalogue-new-name", "犬只扰民");
            admin.type("catalogue-new-name-en", "Dog nuisance");
            admin.screenshot("catalogue-dialog");
            admin.click("catalogue-keep");
            admin.type("catalogue-note", "新增犬只扰民");
            admin.click("catalogue-save");
            admin.await(d -> Integer.parseInt(admin.find("catalogue-revision").getAttribute("data-revision")) == revision + 1);
            assertThat(admin.find("catalogue-versions").getText()).contains("新增犬只扰民").contains("huying.admin");
            admin.screenshot("catalogue");
        }
        // Dispatch took the new version from huying.reference: a rule naming QT-02 passes its check.
        JsonPath rules = Chain.as("huying.admin", "dispatch").get("/api/dispatch/routing-rules").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> next = new ArrayList<>(rules.<Map<String, Object>>getList("rules").stream().map(r -> {
            Map<String, Object> rule = new HashMap<>(r);
            rule.remove("areaName");
            rule.remove("leadName");
            return rule;
        }).toList());
        next.add(Map.of("id", "JS-COMMUNITY-QT-02", "area", "/baiyun/jinsha", "raisedBy", "COMMUNITY", "categories", List.of("QT-02"),
                "lead", civil, "assisting", List.of(), "priority", 100));
        Awaitility.await().atMost(Chain.WAIT).until(() -> Chain.as("huying.admin", "dispatch")
                .body(Map.of("basedOnRevision", rules.getInt("revision"), "rules", next, "note", "犬只扰民由民政科处置"))
                .put("/api/dispatch/routing-rules").statusCode() == 200);
        Raised call = Chain.raise("fengling.office", "QT-02", CallChainIT.FENGLING + "/grid-02", "小区内大型犬未拴绳、夜间吠叫扰民");
        assertThat(Chain.awaitTask("civil.section", call.id(), civil, "LEAD")).isNotNull();
    }

    /**
     * (p) the administrator adds a grid to 凤岭社区 in the console (组织架构); the realm gains its group (Keycloak's admin
     * API, as intake's huying-directory), and the community's next call at the new grid is raised and led by 城管科.
     */
    @Test
    @Order(17)
    void theAdministratorAddsAGridAndTheRealmAndEveryServiceKnowIt() {
        String grid;
        int revision;
        try (Browser admin = new Browser("admin-org")) {
            admin.login("huying.admin");
            admin.open("/admin/org");
            revision = Integer.parseInt(admin.find("org-revision").getAttribute("data-revision"));
            admin.click(By.cssSelector("[data-test='org-node'][data-path='" + CallChainIT.FENGLING + "']"));
            admin.click("org-add");
            admin.find("org-dialog");
            grid = CallChainIT.FENGLING + "/" + Browser.input(admin.find("org-new-segment")).getAttribute("value");
            assertThat(grid).matches(".*/grid-[0-9]{2}x*");
            assertThat(Browser.input(admin.find("org-new-code")).getAttribute("value")).startsWith("JS-FL-");
            admin.type("org-new-name", "凤岭社区新设网格");
            admin.type("org-new-name-en", "Fengling new grid");
            admin.screenshot("org-dialog");
            admin.click("org-keep");
            admin.type("org-note", "凤岭社区新设网格");
            admin.click("org-save");
            admin.await(d -> Integer.parseInt(admin.find("org-revision").getAttribute("data-revision")) == revision + 1);
            assertThat(admin.find("org-versions").getText()).contains("凤岭社区新设网格").contains("huying.admin");
            // The realm follows within moments; the page shows it in step once read again.
            Awaitility.await().atMost(Chain.WAIT).until(() -> Chain.as("huying.admin", "intake").get("/api/org/realm-groups").jsonPath()
                    .getInt("revisionInRealm") == revision + 1);
            admin.open("/admin/org");
            admin.await(d -> String.valueOf(revision + 1).equals(admin.find("org-realm").getAttribute("data-revision")));
            admin.click(By.cssSelector("[data-test='org-node'][data-path='" + grid + "']"));
            admin.screenshot("org");
        }
        String directory = KeycloakTokens.clientToken("huying-directory", LocalInfra.secret("HUYING_DIRECTORY_SECRET"));
        try {
            JsonPath group = RestAssured.given().auth().oauth2(directory).get(LocalInfra.KEYCLOAK + "/admin/realms/huying/group-by-path" + grid)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(group.getList("attributes.name")).containsExactly("凤岭社区新设网格");
            assertThat(group.getList("attributes.level")).containsExactly("GRID");
            Raised call = Chain.raise("fengling.office", "SR-01", grid, "凤岭新网格内流动摊贩占道经营");
            assertThat(Chain.awaitTask("urban.section", call.id(), CallChainIT.URBAN, "LEAD")).isNotNull();
        } finally {
            // The demo realm is shared with `deploy/local/huying up`, whose org tree starts as shipped: the group goes.
            String id = RestAssured.given().auth().oauth2(directory).get(LocalInfra.KEYCLOAK + "/admin/realms/huying/group-by-path" + grid)
                    .path("id");
            if (id != null) {
                RestAssured.given().auth().oauth2(directory).delete(LocalInfra.KEYCLOAK + "/admin/realms/huying/groups/" + id);
            }
        }
    }

    /** A phone camera's photo: 4,000 × 3,000 pixels of fine detail, a few MB as JPEG. */
    private static Path largePhoto(String name) throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(4000, 3000, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random noise = new java.util.Random(20261204);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int grey = 90 + ((x / 40 + y / 40) % 2) * 60 + noise.nextInt(40);
                image.setRGB(x, y, (grey << 16) | (grey << 8) | grey);
            }
        }
        Path file = Browser.SCREENSHOTS.resolveSibling("photos").resolve(name);
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(image, "jpg", file.toFile())) {
            throw new IllegalStateException("no ImageIO writer for jpg");
        }
        return file;
    }

    private static void choose(Browser b, String hook, String filter, String option) {
        choose(b, hook, filter, option, null);
    }

    /** As above; with {@code unit}, the option is the one of that hook whose {@code data-unit} is it. */
    private static void choose(Browser b, String hook, String filter, String option, String unit) {
        WebElement select = b.find(hook);
        select.click();
        if (filter != null) {
            select.findElement(By.cssSelector("input")).sendKeys(filter);
        }
        By choice = unit == null ? test(option) : By.cssSelector("[data-test='" + option + "'][data-unit='" + unit + "']");
        b.click(choice);
    }

    /** A call's row in the 待审核 list. */
    private static By reviewRow(Raised call) {
        return By.cssSelector("tr[data-test='review-row'][data-call-id='" + call.id() + "']");
    }

    /** Clicks the element {@code hook} that acts on call {@code callId} (a row's action) once a click reaches it. */
    private static void clickFor(Browser b, String hook, String callId) {
        b.click(By.cssSelector("[data-test='" + hook + "'][data-call-id='" + callId + "']"));
    }

    /** Starts recording, in 城管科's page, when each call's inbox row first enters the DOM (browser's epoch ms). */
    private static void watchInbox(Browser b) {
        b.script("""
                if (!window.__huyingSeen) {
                  window.__huyingSeen = {};
                  const mark = () => document.querySelectorAll("[data-test='inbox-row'][data-call-id]").forEach((el) => {
                    const id = el.getAttribute('data-call-id');
                    if (!(id in window.__huyingSeen)) window.__huyingSeen[id] = performance.timeOrigin + performance.now();
                  });
                  mark();
                  new MutationObserver(mark).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-call-id'] });
                }""");
    }

    /** Waits for the call's task row in 城管科's inbox and for its dispatch event; one sample. */
    private static Latency observe(TopicProbe tasks, String how, String call, double raisedAt) {
        Object seen = urban.await(d -> urban.script("return (window.__huyingSeen || {})[arguments[0]]", call), Chain.WAIT);
        double visibleAt = ((Number) seen).doubleValue();
        List<ConsumerRecord<String, String>> dispatched = tasks.awaitDistinct(
                r -> call.equals(r.key()) && Chain.is(Chain.read(r), EventTypes.TASK_DISPATCHED, CallChainIT.URBAN), 1, Chain.WAIT);
        assertThat(dispatched).as("the dispatch event of call %s to 城管科", call).isNotEmpty();
        JsonNode event = Chain.read(dispatched.get(0));
        double eventAt = Instant.parse(event.path("time").asText()).toEpochMilli();
        return new Latency(how, call, raisedAt, eventAt, visibleAt);
    }

    /** Waits until {@code count} images in the element {@code hook} have loaded (a broken image has no natural width). */
    private static void awaitImages(Browser b, String hook, int count) {
        awaitImages(b, b.find(hook), count);
    }

    private static void awaitImages(Browser b, WebElement within, int count) {
        b.await(d -> {
            Object loaded = b.script("return Array.from(arguments[0].querySelectorAll('img')).filter((i) => i.complete && i.naturalWidth > 0).length",
                    within);
            return ((Number) loaded).intValue() >= count;
        });
    }

    /** The labels of the call page's timeline, in order. */
    private static List<String> steps(Browser b) {
        return b.all("timeline-step").stream().map(s -> s.getAttribute("data-step-label")).toList();
    }

    /** Pixels of a chart's canvases that are neither blank nor grey: bars and lines, not axes and labels. */
    private static final String PAINTED_PIXELS = """
            let n = 0;
            for (const c of arguments[0].querySelectorAll('canvas')) {
              const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              for (let i = 0; i < data.length; i += 4) {
                const max = Math.max(data[i], data[i + 1], data[i + 2]), min = Math.min(data[i], data[i + 1], data[i + 2]);
                if (data[i + 3] > 0 && max - min > 40) n++;
              }
            }
            return n;""";

    /** Waits until a finished download ending in {@code suffix} is in the browser's download folder. */
    private static Path awaitDownload(Browser b, String suffix) {
        return b.await(d -> {
            try (Stream<Path> files = Files.list(b.downloads)) {
                return files.filter(f -> f.getFileName().toString().endsWith(suffix)).filter(f -> f.toFile().length() > 0).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** The text of every worksheet (and the shared strings) of a workbook. */
    private static String sheetText(ZipFile zip) throws IOException {
        StringBuilder text = new StringBuilder();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            if (entry.getName().startsWith("xl/worksheets/") || entry.getName().equals("xl/sharedStrings.xml")) {
                try (InputStream in = zip.getInputStream(entry)) {
                    text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return text.toString();
    }

    /** A small real photo (a coloured picture with a few shapes), written as PNG or JPEG. */
    private static Path image(String name, String format, int rgb) throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(320, 240, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new java.awt.Color(0xeceff1));
        g.fillRect(0, 0, 320, 240);
        g.setColor(new java.awt.Color(rgb));
        g.fillRect(40, 60, 240, 120);
        g.setColor(java.awt.Color.WHITE);
        g.fillOval(130, 90, 60, 60);
        g.dispose();
        Path file = Browser.SCREENSHOTS.resolveSibling("photos").resolve(name);
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        return file;
    }

    /** The samples and their p50 / p99, for docs/benchmarks.md. */
    private static void writeLatencies() throws IOException {
        if (LATENCIES.isEmpty()) {
            return;
        }
        List<Double> fromEvent = LATENCIES.stream().map(Latency::fromEvent).sorted().toList();
        List<Double> fromRaise = LATENCIES.stream().map(Latency::fromRaise).sorted().toList();
        StringBuilder out = new StringBuilder();
        out.append("# event → visible in an open inbox (城管科, ConsoleIT), ").append(Instant.now()).append('\n');
        out.append("# from the huying.task.dispatched.v1 event's time, and from the raise, to the task's row in the inbox's DOM (ms)\n");
        out.append("how\tcall\tevent_to_visible_ms\traise_to_visible_ms\n");
        for (Latency l : WARM_UP) {
            out.append(String.format("%s\t%s\t%.0f\t%.0f%n", l.how(), l.callId(), l.fromEvent(), l.fromRaise()));
        }
        for (Latency l : LATENCIES) {
            out.append(String.format("%s\t%s\t%.0f\t%.0f%n", l.how(), l.callId(), l.fromEvent(), l.fromRaise()));
        }
        out.append(String.format("samples %d; event→visible p50 %.0f ms, p99 %.0f ms, max %.0f ms; raise→visible p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                LATENCIES.size(), percentile(fromEvent, 50), percentile(fromEvent, 99), fromEvent.get(fromEvent.size() - 1),
                percentile(fromRaise, 50), percentile(fromRaise, 99), fromRaise.get(fromRaise.size() - 1)));
        Path file = Browser.SCREENSHOTS.resolveSibling("console-latency.txt");
        Files.writeString(file, out.toString());
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
