package io.huying.system;

import static io.huying.system.Chain.as;
import static io.huying.system.Chain.awaitStatus;
import static io.huying.system.Chain.awaitTask;
import static io.huying.system.Chain.awaitTimeline;
import static io.huying.system.Chain.awaitVerification;
import static io.huying.system.Chain.complete;
import static io.huying.system.Chain.eventsUpTo;
import static io.huying.system.Chain.is;
import static io.huying.system.Chain.raise;
import static io.huying.system.Chain.signFor;
import static io.huying.system.Chain.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.system.Chain.Raised;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole chain across the four packaged services, over real Kafka, PostgreSQL and Keycloak:
 * 村居呼叫 → 立项 → 派遣 → 签收 → 处置 → 办结 → 核查 → 结案, and its detours.
 */
class CallChainIT {
    static final String FENGLING = "/baiyun/jinsha/fengling";
    static final String PINGLE = "/baiyun/jinsha/pingle";
    static final String URBAN = "/baiyun/jinsha/sections/urban";
    static final String PEACE = "/baiyun/jinsha/sections/peace";
    static final String CIVIL = "/baiyun/jinsha/sections/civil";
    static final String PLANNING = "/baiyun/jinsha/sections/planning";
    static final String HOUSING = "/baiyun/departments/housing";

    @BeforeAll
    static void startTheSystem() {
        SystemUnderTest.start();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aCommunityCallIsHandledVerifiedAndClosedWithItsFullTimeline() {
        Raised call = raise("fengling.office", "SR-01", FENGLING + "/grid-01", "凤岭路口流动摊贩占道经营");
        String task = awaitTask("urban.section", call.id(), URBAN, "LEAD");
        signFor("urban.section", task);
        as("urban.section", "response").body(Map.of("kind", "CONTACTED_CALLER", "note", "已电话联系李女士"))
                .post("/api/tasks/" + task + "/notes").then().statusCode(200);
        as("urban.section", "response").body(Map.of("kind", "PROGRESS", "note", "已派队员到场"))
                .post("/api/tasks/" + task + "/notes").then().statusCode(200).body("status", equalTo("IN_PROGRESS"));
        complete("urban.section", task, "已清理占道摊点，安排每日傍晚巡查");
        awaitVerification("fengling.office", call.id(), 1);
        verify("fengling.office", call.id(), true, "满意");

        awaitStatus("fengling.office", call.id(), "CLOSED");
        JsonPath view = awaitTimeline("fengling.office", call.id(), "立项", "派遣（主办）", "签收", "联系来电人", "处置进展", "办结", "待核查", "结案");
        assertThat(view.getString("reporter.phone")).as("masked until revealed with a reason").isEqualTo("138****8000");
        as("urban.section", "response").get("/api/tasks/" + task).then().statusCode(200).body("status", equalTo("COMPLETED"));
    }

    @Test
    void aReturnedTaskIsReDispatchedToAnotherUnit() {
        Raised call = raise("fengling.office", "MD-01", FENGLING + "/grid-02", "楼上住户长期深夜噪音引发邻里纠纷");
        String first = awaitTask("peace.section", call.id(), PEACE, "LEAD");
        as("peace.section", "response").body(Map.of("reasonCode", "OVERLAPPING_DUTIES", "reason", "属民政调解范围"))
                .post("/api/tasks/" + first + "/return").then().statusCode(200).body("status", equalTo("RETURNED"));

        String second = awaitTask("civil.section", call.id(), CIVIL, "LEAD");
        assertThat(second).isNotEqualTo(first);
        as("civil.section", "response").get("/api/tasks/" + second).then().statusCode(200)
                .body("dispatchReason", equalTo("REROUTED"));
        as("civil.section", "response").get("/api/tasks/" + first).then().statusCode(404);
        as("jinsha.dispatcher", "dispatch").get("/api/dispatch/calls/" + call.id()).then().statusCode(200)
                .body("returns", equalTo(1))
                .body("tasks.find { it.id == '" + first + "' }.status", equalTo("RETURNED"));
        awaitStatus("fengling.office", call.id(), "DISPATCHED");
        awaitTimeline("fengling.office", call.id(), "立项", "派遣（主办）", "退回", "重新派遣");
    }

    @Test
    void aReopenedCallIsReworkedByTheSameUnitAndThenClosed() {
        Raised call = raise("fengling.office", "SR-02", FENGLING + "/grid-03", "小区围墙大面积乱张贴小广告");
        String task = awaitTask("urban.section", call.id(), URBAN, "LEAD");
        signFor("urban.section", task);
        complete("urban.section", task, "已清理小广告");
        awaitVerification("fengling.office", call.id(), 1);
        verify("fengling.office", call.id(), false, "不满意");

        String rework = awaitTask("urban.section", call.id(), URBAN, "LEAD", task);
        assertThat(rework).isNotEqualTo(task);
        as("urban.section", "response").get("/api/tasks/" + rework).then().statusCode(200)
                .body("dispatchReason", equalTo("REWORK")).body("round", equalTo(2));
        signFor("urban.section", rework);
        complete("urban.section", rework, "已清理并刷涂防贴涂料");
        awaitVerification("fengling.office", call.id(), 2);
        verify("fengling.office", call.id(), true, "基本满意");
        awaitStatus("fengling.office", call.id(), "CLOSED");
        awaitTimeline("fengling.office", call.id(), "办结", "返工", "返工派遣", "办结", "结案");
    }

    @Test
    void anExtensionIsRequestedAndApprovedByTheStreetsDispatcher() {
        Raised call = raise("fengling.office", "GS-03", FENGLING + "/grid-01", "人行道地砖大面积破损");
        String task = awaitTask("urban.section", call.id(), URBAN, "LEAD");
        signFor("urban.section", task);
        Instant asked = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        as("urban.section", "response").body(Map.of("requestedDeadline", asked.toString(), "reason", "需等待材料采购"))
                .post("/api/tasks/" + task + "/extension-requests").then().statusCode(200);

        String[] request = new String[1];
        Awaitility.await().atMost(Chain.WAIT).until(() -> {
            List<Map<String, Object>> pending = as("jinsha.dispatcher", "dispatch").get("/api/dispatch/extensions")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            request[0] = pending.stream().filter(x -> task.equals(x.get("taskId"))).map(x -> (String) x.get("id")).findFirst().orElse(null);
            return request[0] != null;
        });
        as("jinsha.dispatcher", "dispatch").body(Map.of("approved", true, "comment", "同意"))
                .post("/api/dispatch/extensions/" + request[0]).then().statusCode(200).body("state", equalTo("APPROVED"));
        Awaitility.await().atMost(Chain.WAIT).untilAsserted(() -> as("urban.section", "response").get("/api/tasks/" + task)
                .then().statusCode(200).body("extensionPending", equalTo(false)).body("agreedDeadline", equalTo(asked.toString())));
        awaitTimeline("fengling.office", call.id(), "申请延期", "延期批准");
    }

    @Test
    void aCallNoRuleRoutesIsDispatchedByTheDistrictDispatcher() {
        Raised call = raise("jinsha.office", "MD-03", FENGLING + "/grid-02", "工地拖欠农民工工资");
        Awaitility.await().atMost(Chain.WAIT).untilAsserted(() -> as("baiyun.dispatcher", "dispatch").get("/api/dispatch/queue")
                .then().statusCode(200).body("callId", hasItem(call.id())));
        as("jinsha.dispatcher", "dispatch").get("/api/dispatch/queue").then().statusCode(200).body("callId", not(hasItem(call.id())));
        as("baiyun.dispatcher", "dispatch").body(Map.of("leadUnit", HOUSING)).post("/api/dispatch/queue/" + call.id())
                .then().statusCode(200).body("state", equalTo("ROUTED"));
        String task = awaitTask("housing.dept", call.id(), HOUSING, "LEAD");
        as("housing.dept", "response").get("/api/tasks/" + task).then().statusCode(200).body("raisingUnit", equalTo("/baiyun/jinsha"));
        awaitStatus("jinsha.office", call.id(), "DISPATCHED");
        awaitTimeline("jinsha.office", call.id(), "立项", "待人工派遣", "派遣（主办）");
    }

    @Test
    void assistingUnitsWorkAlongsideAndOnlyTheLeadsCompletionOpensTheVerification() {
        Raised call = raise("pingle.office", "WJ-01", PINGLE + "/grid-01", "楼顶违法搭建彩钢棚");
        String lead = awaitTask("planning.section", call.id(), PLANNING, "LEAD");
        String assist = awaitTask("urban.section", call.id(), URBAN, "ASSIST");
        signFor("urban.section", assist);
        complete("urban.section", assist, "协助拆除，已清运材料");
        // The lead's completion comes after the assisting one on the call's partition of huying.responses:
        // once feedback has opened the verification for it, feedback has taken the assisting one too.
        signFor("planning.section", lead);
        complete("planning.section", lead, "已责令当事人自行拆除");
        awaitVerification("pingle.office", call.id(), 1);

        List<Map<String, Object>> open = as("pingle.office", "feedback").queryParam("status", "OPEN").get("/api/verifications")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.callId == '" + call.id() + "' }");
        assertThat(open).singleElement().satisfies(v -> assertThat(v.get("handlerUnit")).isEqualTo(PLANNING));
        awaitStatus("pingle.office", call.id(), "VERIFYING");
        JsonPath view = awaitTimeline("pingle.office", call.id(), "协办办结", "办结", "待核查");
        assertThat(view.getList("timeline.label", String.class)).containsOnlyOnce("待核查");
    }

    @Test
    void aLookAlikeCallWithinTheDuplicateWindowIsMergedIntoTheOpenOne() {
        // The system runs with intake's production window (24 h): a second call of the same category at the
        // same grid, elsewhere in it, joins the open one (重复件合并) instead of being dispatched again.
        Raised first = raise("fengling.office", "SR-05", FENGLING + "/grid-01", "凤岭路口乱堆建材");
        JsonPath second = Chain.submit("fengling.office", "SR-05", FENGLING + "/grid-01", "凤岭路口又见乱堆建材");
        assertThat(second.getString("status")).as(second.prettify()).isEqualTo("MERGED");
        assertThat(second.getString("mergedInto.id")).isEqualTo(first.id());
        awaitStatus("fengling.office", second.getString("id"), "MERGED");
        awaitTimeline("fengling.office", second.getString("id"), "合并");
    }

    @Test
    void theRaisingUnitIsNeverMadeTheHandler() {
        // 采办分离: the street that raised a call is not made its lead unit...
        Raised call = raise("jinsha.office", "MD-03", PINGLE + "/grid-02", "商户与业主劳资纠纷");
        Awaitility.await().atMost(Chain.WAIT).untilAsserted(() -> as("baiyun.dispatcher", "dispatch").get("/api/dispatch/queue")
                .then().statusCode(200).body("callId", hasItem(call.id())));
        refusedAsTheRaiser(as("baiyun.dispatcher", "dispatch").body(Map.of("leadUnit", "/baiyun/jinsha"))
                .post("/api/dispatch/queue/" + call.id()), "leadUnit");
        as("baiyun.dispatcher", "dispatch").get("/api/dispatch/calls/" + call.id()).then().statusCode(200)
                .body("state", equalTo("QUEUED")).body("tasks.size()", equalTo(0));
        // The dispatch that follows is the marker: once its task is on huying.tasks, so is anything the refused one sent.
        as("baiyun.dispatcher", "dispatch").body(Map.of("leadUnit", HOUSING)).post("/api/dispatch/queue/" + call.id())
                .then().statusCode(200);
        assertThat(dispatchedAndWithdrawn(eventsUpTo(Topics.TASKS, call.id(), e -> is(e, EventTypes.TASK_DISPATCHED, HOUSING))))
                .containsExactly("dispatched " + HOUSING);

        // ...nor, by 改派, an assisting unit of it: the community that raised this one.
        Raised community = raise("fengling.office", "SR-03", FENGLING + "/grid-03", "店招破损有坠落风险");
        awaitTask("urban.section", community.id(), URBAN, "LEAD");
        refusedAsTheRaiser(as("jinsha.dispatcher", "dispatch")
                .body(Map.of("leadUnit", PLANNING, "assistingUnits", List.of(FENGLING), "reason", "店招涉及违规搭建"))
                .post("/api/dispatch/calls/" + community.id() + "/redispatch"), "assistingUnits");
        as("jinsha.dispatcher", "dispatch").get("/api/dispatch/calls/" + community.id()).then().statusCode(200)
                .body("tasks.unitPath", contains(URBAN)).body("tasks.status", contains("DISPATCHED"));
        as("jinsha.dispatcher", "dispatch").body(Map.of("leadUnit", PLANNING, "reason", "店招涉及违规搭建"))
                .post("/api/dispatch/calls/" + community.id() + "/redispatch").then().statusCode(200);
        assertThat(dispatchedAndWithdrawn(eventsUpTo(Topics.TASKS, community.id(), e -> is(e, EventTypes.TASK_DISPATCHED, PLANNING))))
                .containsExactly("dispatched " + URBAN, "withdrawn " + URBAN, "dispatched " + PLANNING);
    }

    /** The 采办分离 refusal itself (422 raiser-cannot-handle naming {@code field}), not an earlier check of the request. */
    private static void refusedAsTheRaiser(Response response, String field) {
        response.then().statusCode(422).contentType("application/problem+json")
                .body("type", endsWith("/raiser-cannot-handle")).body("violations.field", contains(field));
    }

    /** The task dispatches and withdrawals among {@code events}, as "dispatched UNIT" / "withdrawn UNIT". */
    private static List<String> dispatchedAndWithdrawn(List<JsonNode> events) {
        return events.stream()
                .filter(e -> EventTypes.TASK_DISPATCHED.equals(e.path("type").asText()) || EventTypes.TASK_WITHDRAWN.equals(e.path("type").asText()))
                .map(e -> (EventTypes.TASK_DISPATCHED.equals(e.path("type").asText()) ? "dispatched " : "withdrawn ")
                        + e.at("/data/unitPath").asText())
                .toList();
    }

    @Test
    void aUnitCannotReadOrActOnAnotherUnitsTask() {
        Raised call = raise("fengling.office", "HW-01", FENGLING + "/grid-02", "垃圾桶满溢未清运");
        String task = awaitTask("urban.section", call.id(), URBAN, "LEAD");

        as("housing.dept", "response").get("/api/tasks/" + task).then().statusCode(404).contentType("application/problem+json");
        as("civil.section", "response").post("/api/tasks/" + task + "/sign-for").then().statusCode(404);
        as("pingle.office", "response").get("/api/tasks/" + task).then().statusCode(404);
        as("housing.dept", "dispatch").get("/api/dispatch/calls/" + call.id()).then().statusCode(404);
        as("pingle.office", "intake").get("/api/calls/" + call.id()).then().statusCode(404);
        // The street above sees the task but only the section's own staff act on it.
        as("jinsha.office", "response").get("/api/tasks/" + task).then().statusCode(200);
        as("jinsha.office", "response").post("/api/tasks/" + task + "/sign-for").then().statusCode(403);
        as("urban.section", "response").get("/api/tasks/" + task).then().statusCode(200).body("status", equalTo("DISPATCHED"));
        // The section's own 签收 is the marker: once it is on huying.responses, so is anything the refused ones sent.
        signFor("urban.section", task);
        assertThat(eventsUpTo(Topics.RESPONSES, call.id(), e -> is(e, EventTypes.TASK_ACKNOWLEDGED, URBAN)))
                .extracting(e -> e.path("type").asText() + " by " + e.at("/data/actor/username").asText())
                .containsExactly(EventTypes.TASK_ACKNOWLEDGED + " by urban.section");
    }
}
