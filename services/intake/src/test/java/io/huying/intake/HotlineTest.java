package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.JINSHA;
import static io.huying.intake.CallRequests.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.reference.OrgTree;
import io.huying.testing.HotlineReceiver;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * 12345 热线对接 end to end within intake, with the realm's real service-account token: orders in (mapped,
 * unmapped, re-sent, refused), and every step of their calls posted back to a real receiver, signed, in
 * order per order, through refusals and retries — an order merged into another call (并案) following that call.
 */
@QuarkusTest
@TestProfile(HotlineReceiverProfile.class)
class HotlineTest {
    private static final OrgTree ORG_TREE = OrgTree.load();

    @Inject
    ObjectMapper json;

    private static String serviceAccount() {
        return "Bearer " + KeycloakTokens.clientToken("huying-integration", LocalInfra.secret("HUYING_INTEGRATION_SECRET"));
    }

    private static Response post(String bearer, Map<String, Object> order) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(order).post("/api/integrations/12345/orders");
    }

    /** An order of the 12345 code {@code code} (our {@code category}) in a (category, grid) no other call of this run uses. */
    private static Map<String, Object> order(String code, String category) {
        return orderAt(code, ORG_TREE.unit(CallRequests.gridOf(CallRequests.bodyIn(JINSHA, category))).orElseThrow().code());
    }

    /** An order that is to be refused: its (category, grid) taken from no other call. */
    private static Map<String, Object> refusedOrder() {
        return orderAt("060101", "JS-FL-01");
    }

    private static Map<String, Object> orderAt(String code, String gridCode) {
        Map<String, Object> order = new HashMap<>();
        order.put("orderNo", "GD" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        order.put("categoryCode", code);
        order.put("urgency", "ROUTINE");
        order.put("requestType", "COMPLAINT");
        order.put("description", "市民来电反映：凤岭路口两盏路灯连续三晚不亮，夜间出行不便。\n请尽快处理。");
        order.put("address", "金沙街道凤岭路" + UUID.randomUUID().toString().substring(0, 6) + "号");
        order.put("gridCode", gridCode);
        order.put("callerName", "王先生");
        order.put("callerPhone", "13712345678");
        return order;
    }

    @Test
    void anOrderBecomesTheStreetsCallOnceAndBadOrdersAreRefusedNamingTheField() throws Exception {
        String account = serviceAccount();
        Map<String, Object> order = order("060101", "GS-01");
        Response first = post(account, order);
        first.then().statusCode(201).contentType(ContentType.JSON)
                .body("orderNo", equalTo(order.get("orderNo"))).body("categoryCode", equalTo("GS-01")).body("mapped", equalTo(true))
                .body("status", equalTo("ACCEPTED"));
        String callId = first.path("callId");
        String number = first.path("callNumber");
        assertThat(first.header("Location")).endsWith("/api/integrations/12345/orders/" + order.get("orderNo"));

        // The street raised it (镇街呼叫) through 12345, titled from the description's first line.
        as(JINSHA).get("/api/calls/" + callId).then().statusCode(200)
                .body("raisingUnit", equalTo("/baiyun/jinsha")).body("channel", equalTo("HOTLINE_12345"))
                .body("title", equalTo("市民来电反映：凤岭路口两盏路灯连续三晚不亮，夜间出行不便。"));

        // Sent again: the same call; another order under the same number is refused; still one call.
        post(account, order).then().statusCode(200).body("callId", equalTo(callId)).body("callNumber", equalTo(number));
        Map<String, Object> changed = new HashMap<>(order);
        changed.put("description", "另一件事");
        post(account, changed).then().statusCode(422).contentType("application/problem+json");
        assertThat(LocalInfra.queryLong("intake_test", "select count(*) from calls where external_id = ?", order.get("orderNo")))
                .as("calls of the order").isEqualTo(1);
        // Re-sent after its Idempotency-Key went with retention (7 days): still that call, by the order number's unique index.
        try (Connection db = LocalInfra.connect("intake_test");
                PreparedStatement purge = db.prepareStatement("delete from huying_idempotency_key where key = ?")) {
            purge.setString(1, "12345:" + order.get("orderNo"));
            assertThat(purge.executeUpdate()).as("the order's Idempotency-Key").isEqualTo(1);
        }
        post(account, order).then().statusCode(200).body("callId", equalTo(callId)).body("callNumber", equalTo(number));
        assertThat(LocalInfra.queryLong("intake_test", "select count(*) from calls where external_id = ?", order.get("orderNo")))
                .as("calls of the order re-sent after retention").isEqualTo(1);

        // An unmapped code: the catch-all category, which no routing rule names (the district's manual queue).
        Map<String, Object> unmapped = order("990199", "QT-01");
        post(account, unmapped).then().statusCode(201).body("categoryCode", equalTo("QT-01")).body("mapped", equalTo(false));

        long before = LocalInfra.queryLong("intake_test", "select count(*) from calls");
        refused(post(account, with(refusedOrder(), "gridCode", "NO-SUCH-GRID")), 400, "gridCode");
        refused(post(account, with(refusedOrder(), "gridCode", "SZ-SB-01")), 400, "gridCode");
        refused(post(account, with(refusedOrder(), "orderNo", "订单 1")), 400, "orderNo");
        refused(post(account, with(refusedOrder(), "callerPhone", "12345")), 400, "callerPhone");
        assertThat(LocalInfra.queryLong("intake_test", "select count(*) from calls")).as("calls after refused orders").isEqualTo(before);
        // Only the 12345 platform's account forwards orders; an office's token is refused.
        post(KeycloakTokens.bearer(FENGLING), refusedOrder()).then().statusCode(403);
        given().contentType(ContentType.JSON).body(refusedOrder()).post("/api/integrations/12345/orders").then().statusCode(401);
    }

    @Test
    void everyStepGoesBackSignedInOrderThroughRefusalsAndAMergedOrderFollowsItsCall() throws Exception {
        String account = serviceAccount();
        Map<String, Object> order = order("030101", "SR-01");
        Response received = post(account, order);
        received.then().statusCode(201);
        String orderNo = (String) order.get("orderNo");
        UUID callId = UUID.fromString(received.path("callId"));
        String number = received.path("callNumber");
        // A second order about the same matter (same category and grid): merged into the first (并案).
        Map<String, Object> again = new HashMap<>(order);
        again.put("orderNo", orderNo + "B");
        again.put("address", "金沙街道凤岭路口");
        post(account, again).then().statusCode(201).body("status", equalTo("MERGED"));
        String mergedNo = (String) again.get("orderNo");

        // The receiver refuses the first posts: the sender retries them, and the later steps wait behind.
        HotlineReceiver receiver = HotlineReceiverProfile.receiver;
        // Once the other tests' orders have nothing left to post, the refusals fall on this test's two orders.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> LocalInfra.queryLong("intake_test",
                "select count(*) from hotline_callback where delivered_at is null and order_no not in (?, ?)", orderNo, mergedNo) == 0);
        receiver.refuseNext(3);
        UUID task = UUID.randomUUID();
        Instant t = Instant.now().plusSeconds(1);
        try (LifecycleEvents events = new LifecycleEvents(json)) {
            // Published out of order; each within the settle time of when it happened.
            List<CloudEvent> steps = List.of(
                    events.closed(callId, task, number, t.plusMillis(2500)),
                    events.response(EventTypes.TASK_COMPLETED, callId, task, number, t.plusMillis(2000), "已清理"),
                    events.dispatched(callId, task, number, t),
                    events.extensionDecided(callId, task, number, t.plusMillis(1500), t.plusSeconds(86_400 * 3), "同意"),
                    events.response(EventTypes.TASK_ACKNOWLEDGED, callId, task, number, t.plusMillis(1000), null));
            for (CloudEvent step : steps) {
                events.publish(LifecycleEvents.topicOf(step), step);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> receiver.of(orderNo).size() >= 5 && receiver.of(mergedNo).size() >= 5);

        assertThat(receiver.problems()).as("signature or sequence problems").isEmpty();
        assertThat(receiver.refused()).as("posts refused").isGreaterThanOrEqualTo(3);
        List<HotlineReceiver.Taken> taken = receiver.of(orderNo);
        assertThat(taken).extracting(HotlineReceiver.Taken::stepName).containsExactly("受理", "签收", "延期", "办结", "结案");
        assertThat(taken).extracting(HotlineReceiver.Taken::sequence).containsExactly(1, 2, 3, 4, 5);
        assertThat(taken).allMatch(step -> step.deliveryId() != null);
        assertThat(taken.get(0).body().path("callNumber").asText()).isEqualTo(number);
        assertThat(taken.get(1).body().path("unitName").asText()).isEqualTo("城管科");
        assertThat(taken.get(3).body().path("note").asText()).isEqualTo("已清理");
        assertThat(taken).extracting(HotlineReceiver.Taken::deliveryId).doesNotHaveDuplicates();

        List<HotlineReceiver.Taken> merged = receiver.of(mergedNo);
        assertThat(merged).extracting(HotlineReceiver.Taken::stepName).containsExactly("受理", "签收", "延期", "办结", "结案");
        assertThat(merged.get(0).body().path("note").asText()).contains("并入 " + number);
        assertThat(merged.get(1).body().path("mergedIntoCallNumber").asText()).isEqualTo(number);

        // What the 12345 platform's account (and ops) read back: every step delivered, the retried ones with their tries.
        given().header("Authorization", account).get("/api/integrations/12345/orders/" + orderNo).then().statusCode(200)
                .body("callNumber", equalTo(number)).body("lifecycle", equalTo("CLOSED"))
                .body("callbacks.stepName", equalTo(List.of("受理", "签收", "延期", "办结", "结案")))
                .body("callbacks.delivered", equalTo(List.of(true, true, true, true, true)))
                .body("callbacks.sequence", equalTo(List.of(1, 2, 3, 4, 5)));
        as(CallRequests.OPS).get("/api/integrations/12345/orders/" + orderNo).then().statusCode(200);
        as(FENGLING).get("/api/integrations/12345/orders/" + orderNo).then().statusCode(403);
        given().header("Authorization", account).get("/api/integrations/12345/orders/NO-SUCH-ORDER").then().statusCode(404);
        // Each step went into the table once, whatever the retries.
        assertThat(LocalInfra.queryLong("intake_test", "select count(*) from hotline_callback where order_no = ?", orderNo)).isEqualTo(5);
        assertThat(LocalInfra.queryLong("intake_test", "select max(attempts) from hotline_callback where order_no in (?, ?)", orderNo, mergedNo))
                .as("tries of the refused steps").isGreaterThan(1);
    }

    private static Map<String, Object> with(Map<String, Object> order, String field, Object value) {
        order.put(field, value);
        return order;
    }

    private static void refused(Response answer, int status, String field) {
        answer.then().statusCode(status).contentType("application/problem+json").body("violations.field", hasItem(field));
    }
}
