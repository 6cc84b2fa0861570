package io.huying.sla;

import static io.huying.sla.SlaResourceTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.SlaCalendarProvisional;
import io.huying.contracts.events.SlaPolicyActivated;
import io.huying.contracts.schema.EventSchemas;
import io.huying.sla.domain.SlaPolicy;
import io.huying.sla.service.ClockRecompute;
import io.huying.sla.service.SlaRules;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Administrators replace the SLA policy and a year's calendar: validated field by field, versions kept, one active. */
@QuarkusTest
class SlaAdminResourceTest {
    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    ObjectMapper json;
    @Inject
    SlaRules rules;
    @Inject
    ClockRecompute recompute;

    @Test
    void aNewPolicyVersionBecomesActiveAndTheOldOneIsKept() throws Throwable {
        SlaPolicy shipped = rules.current().policy();
        ObjectNode policy = json.valueToTree(shipped);
        String version = "2026.2-" + UUID.randomUUID().toString().substring(0, 6);
        policy.put("version", version);
        // 一般件 4 个工作日办结 instead of 5.
        for (JsonNode rule : policy.withArray("rules")) {
            if (rule.path("category").asText().equals("*") && rule.path("urgency").asText().equals("ROUTINE")
                    && rule.path("clock").asText().equals("RESOLVE")) {
                ((ObjectNode) rule.get("duration")).put("amount", 4);
            }
        }
        try (TopicProbe sla = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.SLA)) {
            as("huying.admin").contentType(ContentType.JSON).body(policy.toString()).put("/api/sla/admin/policies").then().statusCode(200)
                    .body("policy.version", equalTo(version));
            as("huying.admin").get("/api/sla/admin/policies").then().statusCode(200)
                    .body("active.version", equalTo(version))
                    .body("versions.find { it.version == '" + shipped.version() + "' }.active", equalTo(false))
                    .body("versions.find { it.version == '" + version + "' }.active", equalTo(true))
                    .body("versions.find { it.version == '" + version + "' }.changedBy", equalTo("huying.admin"));
            // Announced with the whole policy, keyed by the policy's fixed id.
            ConsumerRecord<String, String> activated = sla.await(r -> r.value().contains(EventTypes.SLA_POLICY_ACTIVATED)
                    && r.value().contains(version), 1, Duration.ofSeconds(30)).get(0);
            JsonNode event = read(activated.value());
            assertThat(activated.key()).isEqualTo(SlaPolicyActivated.SUBJECT.toString());
            assertThat(new EventSchemas().violations(event)).isEmpty();
            assertThat(event.at("/data/changedBy/username").asText()).isEqualTo("huying.admin");
            assertThat(event.at("/data/rules").toString()).contains("\"duration\":\"4 WORKING_DAYS\"");
            // Audited: who, and what changed from what.
            assertThat(LocalInfra.queryString(SlaTestInfra.DATABASE, """
                    select username || ' | ' || detail from huying_audit_log where action = 'PUT /api/sla/admin/policies' and status = 200
                    order by id desc limit 1"""))
                    .startsWith("huying.admin | SLA policy " + shipped.version() + " → " + version + ", ")
                    .endsWith(" open clocks recomputed: * ROUTINE RESOLVE: 5 WORKING_DAYS → 4 WORKING_DAYS");
            as("huying.admin").contentType(ContentType.JSON).body(policy.toString()).put("/api/sla/admin/policies").then().statusCode(409)
                    .contentType(PROBLEM_JSON);
            assertThat(rules.current().policy().version()).isEqualTo(version);
        } finally {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> rules.activateStoredPolicy(shipped.version())));
            VertxContextSupport.subscribeAndAwait(() -> recompute.recomputeOpenClocks());
        }
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_policy where active and version = ?", shipped.version()))
                .isEqualTo(1);
    }

    @Test
    void anInvalidPolicyIsRefusedNamingEachField() {
        ObjectNode policy = json.valueToTree(rules.current().policy());
        policy.put("version", " ");
        ((ObjectNode) policy.withArray("rules").get(0)).putObject("duration").put("amount", 0).put("unit", "WORKING_DAYS");
        as("huying.admin").contentType(ContentType.JSON).body(policy.toString()).put("/api/sla/admin/policies").then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations.field", hasItem("version"))
                .body("violations.field", hasItem("rules[0].duration"));

        ObjectNode badUrgency = json.valueToTree(rules.current().policy());
        ((ObjectNode) badUrgency.withArray("rules").get(2)).put("urgency", "RIGHT_NOW");
        as("huying.admin").contentType(ContentType.JSON).body(badUrgency.toString()).put("/api/sla/admin/policies").then().statusCode(400)
                .body("violations[0].field", equalTo("rules[2].urgency"));

        // A rule for a category the catalogue does not have is refused, naming it; nothing is stored.
        ObjectNode unknownCategory = json.valueToTree(rules.current().policy());
        unknownCategory.put("version", "2026.unknown-category");
        unknownCategory.withArray("rules").addObject().put("category", "ZZ-99").put("urgency", "ROUTINE").put("clock", "RESOLVE")
                .putObject("duration").put("amount", 3).put("unit", "WORKING_DAYS");
        int last = unknownCategory.withArray("rules").size() - 1;
        as("huying.admin").contentType(ContentType.JSON).body(unknownCategory.toString()).put("/api/sla/admin/policies").then().statusCode(400)
                .body("violations.field", equalTo(List.of("rules[" + last + "].category")));
        assertThat(LocalInfra.queryLong(SlaTestInfra.DATABASE, "select count(*) from sla_policy where version = '2026.unknown-category'"))
                .isZero();

        as("baiyun.ops").contentType(ContentType.JSON).body(policy.toString()).put("/api/sla/admin/policies").then().statusCode(403);
        as("baiyun.ops").get("/api/sla/admin/policies").then().statusCode(403);
    }

    @Test
    void aYearsCalendarIsValidatedStoredAndMadeActive() throws Throwable {
        Calendars calendars = new Calendars(json, rules, recompute);
        calendars.forget(2027);
        try {
            validatedStoredAndMadeActive();
        } finally {
            // Other tests find 2027 provisional, as the shipped build has it.
            calendars.forget(2027);
        }
    }

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void validatedStoredAndMadeActive() {
        as("huying.admin").get("/api/sla/admin/calendars/2026").then().statusCode(200)
                .body("active.version", equalTo("2026.1"))
                .body("active.makeUpWorkdays", hasItem("2026-09-20"));
        as("huying.admin").get("/api/sla/admin/calendars/1999").then().statusCode(404);

        ObjectNode calendar = json.createObjectNode().put("year", 2027).put("version", "2027.test").put("source", "test data");
        calendar.putArray("workingDaysOfWeek").add("MONDAY").add("TUESDAY").add("WEDNESDAY").add("THURSDAY").add("FRIDAY");
        ArrayNode sessions = calendar.putArray("sessions");
        sessions.addObject().put("start", "08:30").put("end", "12:00");
        sessions.addObject().put("start", "14:00").put("end", "17:30");
        calendar.putArray("holidays").addObject().put("name", "元旦").put("from", "2027-01-01").put("to", "2027-01-03");
        calendar.putArray("makeUpWorkdays").add("2027-01-04");

        as("huying.admin").contentType(ContentType.JSON).body(calendar.toString()).put("/api/sla/admin/calendars/2027").then().statusCode(400)
                .body("violations.field", equalTo(List.of("makeUpWorkdays[0]")));
        calendar.putArray("makeUpWorkdays").add("2027-01-09");
        as("huying.admin").contentType(ContentType.JSON).body(calendar.toString()).put("/api/sla/admin/calendars/2028").then().statusCode(400)
                .body("violations.field", hasItem("year"));
        try (TopicProbe sla = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.SLA)) {
            as("huying.admin").contentType(ContentType.JSON).body(calendar.toString()).put("/api/sla/admin/calendars/2027").then()
                    .statusCode(200).body("calendar.version", equalTo("2027.test"));
            // Announced, so notify's working hours follow: the whole year, keyed by the calendar's fixed id.
            ConsumerRecord<String, String> activated = sla.await(r -> r.value().contains(EventTypes.SLA_CALENDAR_ACTIVATED)
                    && r.value().contains("2027.test"), 1, Duration.ofSeconds(30)).get(0);
            JsonNode event = read(activated.value());
            assertThat(activated.key()).isEqualTo(SlaCalendarProvisional.SUBJECT.toString());
            assertThat(new EventSchemas().violations(event)).isEmpty();
            assertThat(event.at("/data/calendar/makeUpWorkdays").toString()).isEqualTo("[\"2027-01-09\"]");
            assertThat(event.at("/data/calendar/sessions/1/start").asText()).startsWith("14:00");
        }
        as("huying.admin").get("/api/sla/admin/calendars/2027").then().statusCode(200)
                .body("active.version", equalTo("2027.test"))
                .body("versions", hasSize(1));
        assertThat(rules.current().calendar().versions()).containsEntry(2027, "2027.test").containsEntry(2026, "2026.1");
        assertThat(rules.current().calendar().isWorkingDay(LocalDate.parse("2027-01-09"))).as("the make-up Saturday").isTrue();
        as("huying.admin").contentType(ContentType.JSON).body(Map.of("year", 2027)).put("/api/sla/admin/calendars/2027").then()
                .statusCode(400).body("violations.field", hasItem("sessions"));
    }
}
