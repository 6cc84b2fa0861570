package io.huying.system;

import static io.huying.system.Chain.as;
import static io.huying.system.Chain.awaitTask;
import static io.huying.system.Chain.awaitTimeline;
import static io.huying.system.Chain.raise;
import static io.huying.system.Chain.signFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.huying.system.Chain.Raised;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SLA engine as it runs with the chain: the clocks of a raised call appear for the ops team,
 * the section sees the same deadlines in its inbox, and signing for the task stops its clock.
 */
class SlaChainIT {
    private static final String URBAN = "/baiyun/jinsha/sections/urban";

    @BeforeAll
    static void startTheSystem() {
        SystemUnderTest.start();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aRaisedCallsClocksReachTheOpsBoardAndTheSectionsInboxAndSigningForStopsItsClock() {
        Raised call = raise("fengling.office", "SR-01", "/baiyun/jinsha/fengling/grid-03", "凤岭路人行道长期堆放建筑垃圾");
        String task = awaitTask("urban.section", call.id(), URBAN, "LEAD");

        JsonPath clocks = awaitClocks(call.id(), List.of("DISPATCH", "END_TO_END", "RESOLVE", "SIGN_FOR"));
        assertThat(clocks.getString("find { it.clock == 'SIGN_FOR' }.unitPath")).isEqualTo(URBAN);
        assertThat(clocks.getString("find { it.clock == 'DISPATCH' }.status")).isEqualTo("STOPPED");
        String signForBy = clocks.getString("find { it.clock == 'SIGN_FOR' }.deadline");
        String resolveBy = clocks.getString("find { it.clock == 'RESOLVE' }.deadline");

        Awaitility.await().atMost(Chain.WAIT).untilAsserted(() -> as("urban.section", "response").get("/api/tasks/" + task)
                .then().statusCode(200)
                .body("signFor.deadline", equalTo(signForBy)).body("signFor.state", equalTo("ON_TRACK"))
                .body("resolve.deadline", equalTo(resolveBy)));
        // An ops user of the district sees the call's clocks; the section's staff are not ops.
        as("urban.section", "sla").get("/api/sla/calls/" + call.id() + "/clocks").then().statusCode(403);

        signFor("urban.section", task);
        Awaitility.await().atMost(Chain.WAIT).untilAsserted(() -> {
            JsonPath after = as("baiyun.ops", "sla").get("/api/sla/calls/" + call.id() + "/clocks").then().statusCode(200).extract().jsonPath();
            assertThat(after.getString("find { it.clock == 'SIGN_FOR' }.outcome")).isEqualTo("MET");
            assertThat(after.getString("find { it.clock == 'RESOLVE' }.status")).isEqualTo("RUNNING");
        });
        Awaitility.await().atMost(Chain.WAIT).untilAsserted(() -> as("urban.section", "response").get("/api/tasks/" + task)
                .then().statusCode(200).body("signFor.state", equalTo("MET")));
        awaitTimeline("fengling.office", call.id(), "立项", "派遣（主办）", "签收");
    }

    private static JsonPath awaitClocks(String callId, List<String> kinds) {
        JsonPath[] found = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            found[0] = as("baiyun.ops", "sla").get("/api/sla/calls/" + callId + "/clocks").then().statusCode(200).extract().jsonPath();
            assertThat(found[0].getList("clock", String.class)).containsExactlyInAnyOrderElementsOf(kinds);
        });
        return found[0];
    }
}
