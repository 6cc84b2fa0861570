package io.huying.system;

import static io.huying.system.Chain.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.huying.testing.HotlineReceiver;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 12345 hotline through the whole system: an order forwarded by the 12345 platform's service account
 * (a real client-credentials token) through the gateway becomes 金沙街道's call, is dispatched by the rules
 * to a district department, signed for, completed, verified and closed by real users — and each step comes
 * back to the platform's receiver signed and in order. An order of an unmapped category waits in the
 * district's manual queue.
 */
class HotlineChainIT {
    static final String HOUSING = "/baiyun/departments/housing";

    @BeforeAll
    static void startTheSystem() {
        SystemUnderTest.start();
    }

    /** The 12345 platform's service account (client credentials of huying-integration). */
    static String serviceAccount() {
        return "Bearer " + KeycloakTokens.clientToken("huying-integration", LocalInfra.secret("HUYING_INTEGRATION_SECRET"));
    }

    /** A 12345 order in 凤岭社区's grid 3, where no other system test raises these categories. */
    static Map<String, Object> order(String code, String description) {
        Map<String, Object> order = new HashMap<>();
        order.put("orderNo", "GD" + UUID.randomUUID().toString().replace("-", "").substring(0, 14));
        order.put("categoryCode", code);
        order.put("urgency", "ROUTINE");
        order.put("requestType", "REPORT");
        order.put("description", description);
        order.put("address", "金沙街道凤岭社区凤岭路" + UUID.randomUUID().toString().substring(0, 4) + "号");
        order.put("gridCode", "JS-FL-03");
        order.put("callerName", "赵女士");
        order.put("callerPhone", "13612345678");
        return order;
    }

    /** The order, forwarded through the gateway; what became of it (201). */
    static JsonPath forward(String account, Map<String, Object> order) {
        return given().baseUri(SystemUnderTest.url("gateway")).header("Authorization", account).contentType(ContentType.JSON).body(order)
                .post("/api/integrations/12345/orders").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void anOrderIsHandledByTheDepartmentAndEveryStepGoesBackInOrder() {
        String account = serviceAccount();
        Map<String, Object> order = order("030202", "市民来电举报：凤岭路12号一楼商铺擅自拆除承重墙，楼上住户担心安全。");
        String orderNo = (String) order.get("orderNo");
        JsonPath received = forward(account, order);
        assertThat(received.getString("categoryCode")).isEqualTo("WJ-02");
        String callId = received.getString("callId");

        // 镇街呼叫，部门响应: the street's call goes to the district's housing bureau by the rules.
        Chain.handledAndClosed("housing.dept", HOUSING, "jinsha.office", callId, "已责令恢复原状，承重墙已加固，出具安全鉴定");

        HotlineReceiver receiver = SystemUnderTest.hotline();
        Awaitility.await().atMost(Chain.WAIT).pollInterval(Duration.ofMillis(250)).until(() -> receiver.of(orderNo).size() >= 4);
        List<HotlineReceiver.Taken> steps = receiver.of(orderNo);
        assertThat(steps).extracting(HotlineReceiver.Taken::stepName).containsExactly("受理", "签收", "办结", "结案");
        assertThat(steps).extracting(HotlineReceiver.Taken::sequence).containsExactly(1, 2, 3, 4);
        assertThat(steps.get(1).body().path("unitName").asText()).isEqualTo("区住建局");
        assertThat(steps.get(2).body().path("note").asText()).isEqualTo("已责令恢复原状，承重墙已加固，出具安全鉴定");
        assertThat(receiver.problems()).as("signature or sequence problems").noneMatch(p -> p.contains(orderNo));

        as("baiyun.ops", "gateway").get("/api/integrations/12345/orders/" + orderNo).then().statusCode(200)
                .body("lifecycle", equalTo("CLOSED")).body("callbacks.delivered", equalTo(List.of(true, true, true, true)));
    }

    @Test
    void anOrderOfAnUnmappedCategoryWaitsInTheDistrictsQueue() {
        JsonPath received = forward(serviceAccount(), order("990101", "市民来电反映：小区旁空地夜间有人焚烧杂物，烟味很大。"));
        assertThat(received.getString("categoryCode")).isEqualTo("QT-01");
        assertThat(received.getBoolean("mapped")).isFalse();
        String callId = received.getString("callId");
        Awaitility.await().atMost(Chain.WAIT).untilAsserted(() -> as("baiyun.dispatcher", "dispatch").get("/api/dispatch/queue")
                .then().statusCode(200).body("callId", hasItem(callId)));
        as("baiyun.dispatcher", "dispatch").get("/api/dispatch/calls/" + callId).then().statusCode(200)
                .body("state", equalTo("QUEUED")).body("queueUnit", equalTo("/baiyun"));
        as("jinsha.dispatcher", "dispatch").get("/api/dispatch/queue").then().statusCode(200).body("callId", not(hasItem(callId)));
    }
}
