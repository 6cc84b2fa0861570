package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.GRID_WORKER;
import static io.huying.intake.CallRequests.PATROL;
import static io.huying.intake.CallRequests.as;
import static io.huying.intake.CallRequests.bodyAt;
import static io.huying.intake.CallRequests.raise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 网格员 and 巡防 in the field, with real Keycloak tokens of the demo realm: a grid worker of 凤岭's grid-01
 * and grid-02 raises only in those grids and through 网格巡查, a patrol volunteer of 凤岭社区 through 巡防;
 * both raise for 凤岭社区 (its office sees the calls as its own) and follow only the calls they raised.
 */
@QuarkusTest
class FieldWorkersTest {
    private static final String GRID_01 = "/baiyun/jinsha/fengling/grid-01";
    private static final String GRID_03 = "/baiyun/jinsha/fengling/grid-03";

    @Test
    void aGridWorkerRaisesInTheirOwnGridsThroughGridInspectionForTheirCommunity() {
        long before = calls();
        refused(raise(GRID_WORKER, bodyAt(GRID_WORKER, GRID_03, "GRID_INSPECTION")), "location.gridPath");
        refused(raise(GRID_WORKER, bodyAt(GRID_WORKER, GRID_01, "WALK_IN")), "channel");
        assertThat(calls()).as("calls after the refused raises").isEqualTo(before);

        // A photo taken in the field, uploaded first and bound with the raise.
        String file = CallAttachmentsTest.upload(GRID_WORKER, "井盖.jpg", CallAttachmentsTest.JPEG, "image/jpeg")
                .then().statusCode(201).extract().path("id");
        Map<String, Object> body = bodyAt(GRID_WORKER, GRID_01, "GRID_INSPECTION");
        body.put("files", List.of(file));
        Response raised = raise(GRID_WORKER, body);
        raised.then().statusCode(201)
                .body("raisingUnit", equalTo(FENGLING_UNIT))
                .body("raisedBy", equalTo(GRID_WORKER))
                .body("channel", equalTo("GRID_INSPECTION"))
                .body("reporter.masked", equalTo(true));
        String id = raised.path("id");

        as(GRID_WORKER).get("/api/calls/" + id).then().statusCode(200).body("files[0].id", equalTo(file));
        as(GRID_WORKER).get("/api/calls/attachments/" + file).then().statusCode(200);
        as(FENGLING).get("/api/calls/" + id).then().statusCode(200).body("raisedBy", equalTo(GRID_WORKER));
        as(FENGLING).get("/api/calls?size=100").then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void aPatrolVolunteerRaisesThroughPatrolAndEachFollowsOnlyTheirOwnCalls() {
        refused(raise(PATROL, bodyAt(PATROL, GRID_03, "GRID_INSPECTION")), "channel");
        String patrols = raise(PATROL, bodyAt(PATROL, GRID_03, "PATROL")).then().statusCode(201)
                .body("raisingUnit", equalTo(FENGLING_UNIT)).body("channel", equalTo("PATROL")).extract().path("id");
        String office = raise(FENGLING, CallRequests.body(FENGLING)).then().statusCode(201).extract().path("id");

        as(PATROL).get("/api/calls?size=100").then().statusCode(200)
                .body("items.id", hasItem(patrols)).body("items.id", not(hasItem(office)))
                .body("items.raisedBy", not(hasItem(FENGLING)));
        as(PATROL).get("/api/calls/" + office).then().statusCode(404);
        as(GRID_WORKER).get("/api/calls/" + patrols).then().statusCode(404);
        as(GRID_WORKER).get("/api/calls?size=100").then().statusCode(200).body("items.id", not(hasItem(patrols)));
        // The reporter's full number is for the offices, not for the field.
        as(PATROL).contentType("application/json").body(Map.of("reason", "回访")).post("/api/calls/" + patrols + "/reporter/reveal")
                .then().statusCode(403);
    }

    private static final String FENGLING_UNIT = "/baiyun/jinsha/fengling";

    private static void refused(Response answer, String field) {
        answer.then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem(field));
    }

    private static long calls() {
        return LocalInfra.queryLong("intake_test", "select count(*) from calls");
    }
}
