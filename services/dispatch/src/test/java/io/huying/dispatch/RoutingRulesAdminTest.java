package io.huying.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.CatalogueChanged;
import io.huying.contracts.events.OrgTreeChanged;
import io.huying.contracts.events.RoutingRulesChanged;
import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.huying.testing.TestEvents;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * 派单规则 managed in the product, with real Keycloak tokens: an administrator's new version is checked
 * against the org tree and the catalogue (a fault refused naming its field, nothing written), stored,
 * announced on huying.reference, and the next accepted call follows it; only an administrator may change them.
 * Another instance's version is taken when its announcement arrives.
 */
@QuarkusTest
class RoutingRulesAdminTest {
    private static final String CIVIL = "/baiyun/jinsha/sections/civil";

    @Inject
    ObjectMapper json;

    private final EventSchemas schemas = new EventSchemas();

    @Test
    void anAdministratorsNewRuleIsCheckedStoredAnnouncedAndRoutesTheNextCall() throws Exception {
        JsonPath before = as("huying.admin").get("/api/dispatch/routing-rules").then().statusCode(200).extract().jsonPath();
        int revision = before.getInt("revision");
        // As the console sends them back: the fields a rule is made of (a view's unit names are not).
        List<Map<String, Object>> rules = new ArrayList<>(before.<Map<String, Object>>getList("rules").stream().map(r -> {
            Map<String, Object> rule = new HashMap<>(r);
            rule.remove("areaName");
            rule.remove("leadName");
            return rule;
        }).toList());

        // 其他事项 raised by a community waits for a dispatcher while no rule names it...
        try (AcceptedCalls calls = new AcceptedCalls(json)) {
            CloudEvent queued = calls.accepted("/baiyun/jinsha/fengling", "QT-01", "/baiyun/jinsha/fengling/grid-02");
            calls.publish(queued);
            awaitCase(queued, "QUEUED");

            // A rule naming a unit that does not exist, or a community as a handler, is refused; nothing changes.
            List<Map<String, Object>> wrong = new ArrayList<>(rules);
            wrong.add(rule("JS-COMMUNITY-QT", "/baiyun/jinsha/sections/nowhere"));
            wrong.add(rule("JS-COMMUNITY-QT-2", "/baiyun/jinsha/fengling"));
            as("huying.admin").contentType(ContentType.JSON).body(body(revision, wrong, "错误的规则")).put("/api/dispatch/routing-rules")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", hasItems("rules[" + rules.size() + "].lead", "rules[" + (rules.size() + 1) + "].lead"));
            assertThat(LocalInfra.queryLong("dispatch_test", "select max(revision) from routing_rule_version")).isEqualTo(revision);
            // Only an administrator changes them; a dispatcher reads them.
            as("jinsha.dispatcher").contentType(ContentType.JSON).body(body(revision, rules, null)).put("/api/dispatch/routing-rules")
                    .then().statusCode(403);
            as("jinsha.dispatcher").get("/api/dispatch/routing-rules").then().statusCode(200);

            // ...until an administrator adds one: 其他事项 of 金沙's communities to 民政科.
            List<Map<String, Object>> added = new ArrayList<>(rules);
            added.add(rule("JS-COMMUNITY-QT", CIVIL));
            try (TopicProbe reference = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.REFERENCE)) {
                JsonPath after = as("huying.admin").contentType(ContentType.JSON).body(body(revision, added, "其他事项由民政科先行处置"))
                        .put("/api/dispatch/routing-rules").then().statusCode(200).extract().jsonPath();
                assertThat(after.getInt("revision")).isEqualTo(revision + 1);
                assertThat(after.getString("changedBy")).isEqualTo("huying.admin");
                List<ConsumerRecord<String, String>> announced = reference.await(r -> RoutingRulesChanged.SUBJECT.toString().equals(r.key()), 1,
                        Duration.ofSeconds(30));
                JsonNode event = json.readTree(announced.get(0).value());
                assertThat(event.path("type").asText()).isEqualTo(EventTypes.DISPATCH_ROUTING_RULES_CHANGED);
                assertThat(schemas.violations(event)).isEmpty();
                assertThat(event.at("/data/revision").asInt()).isEqualTo(revision + 1);

                CloudEvent routed = calls.accepted("/baiyun/jinsha/fengling", "QT-01", "/baiyun/jinsha/fengling/grid-03");
                calls.publish(routed);
                awaitCase(routed, "ROUTED");
                assertThat(LocalInfra.queryString("dispatch_test", "select unit_path from task where call_id = ?::uuid and role = 'LEAD'",
                        routed.subject())).isEqualTo(CIVIL);
                // A change made from an older revision is refused: someone changed them meanwhile.
                as("huying.admin").contentType(ContentType.JSON).body(body(revision, rules, null)).put("/api/dispatch/routing-rules")
                        .then().statusCode(409);
                as("baiyun.ops").get("/api/dispatch/routing-rules/versions").then().statusCode(200)
                        .body("revision", hasItems(revision, revision + 1))
                        .body("find { it.revision == " + (revision + 1) + " }.note", equalTo("其他事项由民政科先行处置"));
            } finally {
                // The other tests route by the shipped rules.
                int now = as("huying.admin").get("/api/dispatch/routing-rules").then().extract().path("revision");
                as("huying.admin").contentType(ContentType.JSON).body(body(now, rules, "测试结束，恢复")).put("/api/dispatch/routing-rules")
                        .then().statusCode(200);
            }
            as("huying.admin").get("/api/dispatch/routing-rules").then().statusCode(200).body("rules.id", org.hamcrest.Matchers.not(hasItem("JS-COMMUNITY-QT")));
        }
    }

    /**
     * Another instance of dispatch put a version in force (its row in the shared table, its announcement on
     * huying.reference): this instance takes it from the table when the announcement arrives, long before its
     * minute's look. An announcement of a revision the table does not hold (a broker kept across a fresh database)
     * changes nothing.
     */
    @Test
    void anotherInstancesVersionIsTakenWhenItsAnnouncementArrives() throws Exception {
        int revision = as("huying.admin").get("/api/dispatch/routing-rules").then().statusCode(200).extract().path("revision");
        Actor admin = new Actor(UUID.randomUUID().toString(), "huying.admin", "/baiyun");
        try (TestEvents events = new TestEvents(json)) {
            events.publish(Topics.REFERENCE, announcement(revision + 50, admin));
            try (Connection c = LocalInfra.connect("dispatch_test"); PreparedStatement insert = c.prepareStatement("""
                    insert into routing_rule_version (revision, version, rules, note, changed_by, changed_at)
                    select revision + 1, version || '+', rules, '另一实例', 'huying.admin', now() from routing_rule_version
                    where revision = ?""")) {
                insert.setInt(1, revision);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            events.publish(Topics.REFERENCE, announcement(revision + 1, admin));
            // Well within the minute's look at the table (huying.dispatch.rules-check-every, the first after 60 s).
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("huying.admin")
                    .get("/api/dispatch/routing-rules").then().statusCode(200).body("revision", equalTo(revision + 1))
                    .body("note", equalTo("另一实例")));
        }
    }

    private CloudEvent announcement(int revision, Actor admin) {
        return CloudEvent.of("dispatch", EventTypes.DISPATCH_ROUTING_RULES_CHANGED, RoutingRulesChanged.SUBJECT, Instant.now(),
                json.valueToTree(new RoutingRulesChanged(revision, "announced-r" + revision, List.of(), "另一实例", admin, Instant.now())));
    }

    /**
     * 派单目录 managed in intake: a category this instance knows only from the catalogue announced on huying.reference
     * (ReferenceFeed) passes the rules' check, without a restart. The rules are refused all the same (a community as
     * lead), so nothing changes.
     */
    @Test
    void aCategoryAnnouncedOnTheReferenceTopicIsKnownToTheRuleChecks() throws Exception {
        JsonPath before = as("huying.admin").get("/api/dispatch/routing-rules").then().statusCode(200).extract().jsonPath();
        int revision = before.getInt("revision");
        Map<String, Object> rule = rule("JS-COMMUNITY-QT-98", "/baiyun/jinsha/fengling");
        rule.put("categories", List.of("QT-98"));
        List<Map<String, Object>> rules = List.of(rule);
        as("huying.admin").contentType(ContentType.JSON).body(body(revision, rules, null)).put("/api/dispatch/routing-rules")
                .then().statusCode(400).body("violations.field", hasItems("rules[0].categories[0]", "rules[0].lead"));

        CategoryCatalogue shipped = CategoryCatalogue.load();
        List<Category> categories = new ArrayList<>(shipped.categories());
        categories.add(new Category("QT-98", "QT", "目录下发测试事项", null, true, null));
        try (TestEvents events = new TestEvents(json)) {
            events.publish(Topics.REFERENCE, CloudEvent.of("intake", EventTypes.CATALOGUE_CHANGED, CatalogueChanged.SUBJECT, Instant.now(),
                    json.valueToTree(new CatalogueChanged(99, shipped.version() + "-r99", shipped.groups(), categories, "测试",
                            new Actor(UUID.randomUUID().toString(), "huying.admin", "/baiyun"), Instant.now()))));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("huying.admin")
                    .contentType(ContentType.JSON).body(body(revision, rules, null)).put("/api/dispatch/routing-rules")
                    .then().statusCode(400).body("violations.field", equalTo(List.of("rules[0].lead"))));
        }
        assertThat(LocalInfra.queryLong("dispatch_test", "select max(revision) from routing_rule_version")).isEqualTo(revision);
    }

    /**
     * 组织架构 managed in intake: a section this instance knows only from the org tree announced on huying.reference
     * may lead a rule, without a restart. The rules are refused all the same (an unknown category), so nothing changes.
     */
    @Test
    void aUnitAnnouncedOnTheReferenceTopicIsKnownToTheRuleChecks() throws Exception {
        JsonPath before = as("huying.admin").get("/api/dispatch/routing-rules").then().statusCode(200).extract().jsonPath();
        int revision = before.getInt("revision");
        String section = "/baiyun/jinsha/sections/announced";
        Map<String, Object> rule = rule("JS-COMMUNITY-QT-97", section);
        rule.put("categories", List.of("QT-97"));
        List<Map<String, Object>> rules = List.of(rule);
        as("huying.admin").contentType(ContentType.JSON).body(body(revision, rules, null)).put("/api/dispatch/routing-rules")
                .then().statusCode(400).body("violations.field", hasItems("rules[0].categories[0]", "rules[0].lead"));

        OrgTree shipped = OrgTree.load();
        List<OrgUnit> units = new ArrayList<>(shipped.units());
        units.add(new OrgUnit(section, "JS-XF", UnitLevel.SECTION, "下发测试科", null));
        Actor admin = new Actor(UUID.randomUUID().toString(), "huying.admin", "/baiyun");
        try (TestEvents events = new TestEvents(json)) {
            try {
                events.publish(Topics.REFERENCE, CloudEvent.of("intake", EventTypes.ORG_TREE_CHANGED, OrgTreeChanged.SUBJECT, Instant.now(),
                        json.valueToTree(new OrgTreeChanged(99, shipped.version() + "-r99", units, "测试", admin, Instant.now()))));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("huying.admin")
                        .contentType(ContentType.JSON).body(body(revision, rules, null)).put("/api/dispatch/routing-rules")
                        .then().statusCode(400).body("violations.field", equalTo(List.of("rules[0].categories[0]"))));
            } finally {
                // The tests' huying.reference is read by every service tested after this one (sla ranks every section of
                // the tree in force): the shipped tree is put back in force, later than the one above.
                events.publish(Topics.REFERENCE, CloudEvent.of("intake", EventTypes.ORG_TREE_CHANGED, OrgTreeChanged.SUBJECT, Instant.now(),
                        json.valueToTree(new OrgTreeChanged(100, shipped.version() + "-r100", shipped.units(), "测试结束", admin,
                                Instant.now().plusMillis(1)))));
            }
        }
        assertThat(LocalInfra.queryLong("dispatch_test", "select max(revision) from routing_rule_version")).isEqualTo(revision);
    }

    private static Map<String, Object> rule(String id, String lead) {
        Map<String, Object> rule = new HashMap<>();
        rule.put("id", id);
        rule.put("area", "/baiyun/jinsha");
        rule.put("raisedBy", "COMMUNITY");
        rule.put("categories", List.of("QT-01"));
        rule.put("lead", lead);
        rule.put("assisting", List.of());
        rule.put("priority", 100);
        return rule;
    }

    private static Map<String, Object> body(int basedOn, List<Map<String, Object>> rules, String note) {
        Map<String, Object> body = new HashMap<>();
        body.put("basedOnRevision", basedOn);
        body.put("rules", rules);
        body.put("note", note);
        return body;
    }

    private static void awaitCase(CloudEvent call, String state) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> LocalInfra.queryLong("dispatch_test",
                "select count(*) from dispatch_case where call_id = ?::uuid and state = ?", call.subject(), state) == 1);
    }

    private static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }
}
