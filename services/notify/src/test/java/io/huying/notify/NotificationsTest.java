package io.huying.notify;

import static io.huying.notify.Bell.about;
import static io.huying.notify.Bell.as;
import static io.huying.notify.Bell.await;
import static io.huying.notify.Bell.unread;
import static io.huying.notify.Events.BAIYUN;
import static io.huying.notify.Events.JINSHA;
import static io.huying.notify.Events.URBAN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.SlaEscalated.Level;
import io.huying.contracts.events.TaskDispatched;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bell over REST: who sees a notification, per-user read state, idempotent consumption, escalations' addressees. */
@QuarkusTest
class NotificationsTest {
    @Inject
    ObjectMapper json;

    private Events events;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void open() {
        events = new Events(json);
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void aDispatchedTaskNotifiesTheMembersOfItsUnitOnlyEachWithTheirOwnReadState() {
        TaskDispatched task = events.dispatched(URBAN, Urgency.ROUTINE);
        events.publishTask(events.event(task));

        Map<String, Object> seen = await("urban.section", task.number(), "TASK_NEW");
        assertThat(seen.get("title")).isEqualTo("新任务 " + task.number() + " 凤岭路占道经营");
        assertThat(seen.get("taskId")).isEqualTo(task.taskId().toString());
        assertThat(seen.get("callId")).isEqualTo(task.callId().toString());
        assertThat(seen.get("unitPath")).isEqualTo(URBAN);
        assertThat(seen.get("read")).isEqualTo(false);
        assertThat(about("peace.section", task.number())).as("another section's bell").isEmpty();
        assertThat(about("jinsha.office", task.number())).as("the street office above the section").isEmpty();

        String id = (String) seen.get("id");
        assertThat(unread("urban.clerk")).isPositive();
        as("urban.section").post("/api/notifications/" + id + "/read").then().statusCode(200).body("unread", notNullValue());
        assertThat(about("urban.section", task.number()).get(0).get("read")).isEqualTo(true);
        assertThat(about("urban.clerk", task.number()).get(0).get("read")).as("the other member of 城管科").isEqualTo(false);
        assertThat(Bell.all("urban.clerk", "unread=true&")).extracting(i -> i.get("id")).contains(id);
        assertThat(Bell.all("urban.section", "unread=true&")).extracting(i -> i.get("id")).doesNotContain(id);

        as("urban.clerk").post("/api/notifications/read-all").then().statusCode(200).body("unread", equalTo(0));
        assertThat(about("urban.clerk", task.number()).get(0).get("read")).isEqualTo(true);

        as("peace.section").post("/api/notifications/" + id + "/read").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void theSameEventDeliveredTwiceMakesOneNotification() {
        TaskDispatched task = events.dispatched(URBAN, Urgency.ROUTINE);
        CloudEvent dispatched = events.event(task);
        events.publishTask(dispatched);
        events.publishTask(dispatched);
        // Same call, so same partition: once the withdrawal is seen, both copies before it were processed.
        events.publishTask(events.withdrawn(task));

        await("urban.section", task.number(), "TASK_CHANGED");
        assertThat(about("urban.section", task.number())).extracting(i -> i.get("kind")).containsExactly("TASK_CHANGED", "TASK_NEW");
    }

    @Test
    void anEscalationAddressedToTwoUnitsNotifiesBothAndAReportOneLevelUpReachesTheDistrict() {
        TaskDispatched task = events.dispatched(URBAN, Urgency.ROUTINE);
        events.publishTask(events.event(task));
        // Topics are not ordered with each other: the task is known (its title too) before its escalations come.
        await("urban.section", task.number(), "TASK_NEW");
        UUID clock = UUID.randomUUID();
        // 督办: to the section (its head) and to the street's dispatchers; 通报: one level up.
        events.publishSla(events.escalated(task, clock, Level.SUPERVISE, URBAN));
        events.publishSla(events.escalated(task, clock, Level.SUPERVISE, JINSHA));
        events.publishSla(events.escalated(task, clock, Level.NOTIFY, BAIYUN));

        Map<String, Object> own = await("urban.section", task.number(), "SUPERVISE");
        assertThat((String) own.get("title")).isEqualTo("督办 " + task.number() + " 凤岭路占道经营");
        Map<String, Object> street = await("jinsha.dispatcher", task.number(), "SUPERVISE");
        assertThat((String) street.get("body")).startsWith("城管科的签收已超时");
        assertThat(street.get("unitPath")).isEqualTo(JINSHA);
        Map<String, Object> district = await("baiyun.dispatcher", task.number(), "NOTICE");
        assertThat(district.get("unitPath")).isEqualTo(BAIYUN);

        assertThat(about("urban.section", task.number())).extracting(i -> i.get("kind")).doesNotContain("NOTICE");
        assertThat(about("jinsha.dispatcher", task.number())).extracting(i -> i.get("kind")).containsExactly("SUPERVISE");
        assertThat(about("peace.section", task.number())).isEmpty();
    }

    @Test
    void badQueriesAreProblemsAndTheBellNeedsAToken() {
        as("urban.section").get("/api/notifications?size=1000").then().statusCode(400).contentType("application/problem+json");
        as("urban.section").get("/api/notifications?unread=maybe").then().statusCode(400).contentType("application/problem+json");
        as("urban.section").post("/api/notifications/not-a-uuid/read").then().statusCode(404);
        as("urban.section").post("/api/notifications/" + UUID.randomUUID() + "/read").then().statusCode(404);
        given().get("/api/notifications").then().statusCode(401);
    }

    @Test
    void onlyAnAdministratorKeepsSubscriptions() {
        as("urban.section").get("/api/notifications/subscriptions").then().statusCode(403);
        as("huying.admin").get("/api/notifications/subscriptions").then().statusCode(200)
                .body("find { it.unitPath == '/baiyun/jinsha/sections/urban' }.addresses", equalTo(List.of("urban.section@huying.example.org")));
        as("huying.admin").contentType("application/json")
                .body("{\"unitPath\":\"/baiyun/nowhere\",\"channel\":\"EMAIL\",\"addresses\":[\"a@b.org\"],\"urgentOnly\":true}")
                .put("/api/notifications/subscriptions").then().statusCode(422);
        as("huying.admin").contentType("application/json")
                .body("{\"unitPath\":\"/baiyun/jinsha/sections/peace\",\"channel\":\"SMS\",\"addresses\":[\"a@b.org\"],\"urgentOnly\":true}")
                .put("/api/notifications/subscriptions").then().statusCode(422);
        as("huying.admin").contentType("application/json")
                .body("{\"unitPath\":\"/baiyun/jinsha/sections/peace\",\"channel\":\"EMAIL\",\"addresses\":[\"not an address\"],\"urgentOnly\":true}")
                .put("/api/notifications/subscriptions").then().statusCode(400);
    }
}
