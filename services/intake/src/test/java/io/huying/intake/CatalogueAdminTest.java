package io.huying.intake;

import static io.huying.intake.CallRequests.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.CatalogueChanged;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * 派单目录 managed in the product, with real Keycloak tokens: an administrator's new version is checked (a category
 * removed, a malformed code, a 12345 target retired: refused naming the field, nothing written), stored, audited,
 * announced on huying.reference, and the next raise is decided by it; retiring a category rejects its next call.
 */
@QuarkusTest
class CatalogueAdminTest {
    /** A category of this test's own, added on first run and retired at its end (a category is never removed). */
    private static final String TESTED = "QT-99";

    @Inject
    ObjectMapper json;

    @Test
    void anAdministratorsNewCategoryIsCheckedStoredAnnouncedAndRaisedWith() throws Exception {
        JsonPath before = as("huying.admin").get("/api/categories").then().statusCode(200).extract().jsonPath();
        int revision = before.getInt("revision");
        if (revision == 1) {
            assertThat(before.getString("changedAt")).as("the shipped catalogue was put in force at no time").isNull();
        }
        List<Map<String, Object>> groups = before.<Map<String, Object>>getList("groups").stream().map(g -> {
            Map<String, Object> group = new LinkedHashMap<>(g);
            group.remove("categories");
            return group;
        }).toList();
        List<Map<String, Object>> categories = new ArrayList<>();
        for (Map<String, Object> g : before.<Map<String, Object>>getList("groups")) {
            for (Map<String, Object> c : (List<Map<String, Object>>) g.get("categories")) {
                Map<String, Object> category = new LinkedHashMap<>(c);
                category.put("groupCode", g.get("code"));
                categories.add(category);
            }
        }

        // Refused, each fault by its field, nothing written: a category removed, a malformed code, the 12345 catch-all retired.
        List<Map<String, Object>> wrong = new ArrayList<>(categories.stream().filter(c -> !"SR-01".equals(c.get("code"))).map(HashMap::new).toList());
        wrong.add(category("QT-1", "编码不对"));
        int qt01 = indexOf(wrong, "QT-01");
        wrong.get(qt01).put("active", false);
        as("huying.admin").contentType(ContentType.JSON).body(body(revision, groups, wrong, null)).put("/api/categories")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("categories", "categories[" + (wrong.size() - 1) + "].code", "categories[" + qt01 + "].active"));
        assertThat(LocalInfra.queryLong("intake_test", "select max(revision) from reference_version where kind = 'catalogue'")).isEqualTo(revision);
        // Only an administrator changes it or reads its versions; everyone who works with calls reads it.
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(body(revision, groups, categories, null)).put("/api/categories")
                .then().statusCode(403);
        as("jinsha.dispatcher").get("/api/categories/versions").then().statusCode(403);

        // A new category (or this test's, back in use): stored as the next revision, announced whole, raised with at once.
        List<Map<String, Object>> added = new ArrayList<>(categories.stream().map(c -> (Map<String, Object>) new HashMap<>(c)).toList());
        int tested = indexOf(added, TESTED);
        if (tested < 0) {
            added.add(category(TESTED, "目录管理测试事项"));
        } else {
            added.get(tested).put("active", true);
            added.get(tested).put("replacedBy", null);
        }
        try {
            try (TopicProbe reference = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.REFERENCE)) {
                as("huying.admin").contentType(ContentType.JSON).body(body(revision, groups, added, "新增目录管理测试事项")).put("/api/categories")
                        .then().statusCode(200)
                        .body("revision", equalTo(revision + 1))
                        .body("changedBy", equalTo("huying.admin"))
                        .body("groups.find { it.code == 'QT' }.categories.find { it.code == '" + TESTED + "' }.active", equalTo(true));
                ConsumerRecord<String, String> announced = reference.await(r -> r.value().contains(EventTypes.CATALOGUE_CHANGED)
                        && read(r.value()).at("/data/revision").asInt() == revision + 1, 1, Duration.ofSeconds(30)).get(0);
                JsonNode event = read(announced.value());
                assertThat(announced.key()).isEqualTo(CatalogueChanged.SUBJECT.toString());
                assertThat(new EventSchemas().violations(event)).isEmpty();
                assertThat(event.at("/data/categories").findValuesAsText("code")).contains(TESTED, "SR-01", "QT-01");
                assertThat(event.at("/data/changedBy/username").asText()).isEqualTo("huying.admin");
            }
            as("huying.admin").contentType(ContentType.JSON).body(body(revision, groups, added, null)).put("/api/categories")
                    .then().statusCode(409);
            assertThat(LocalInfra.queryString("intake_test", """
                    select username || ' | ' || detail from huying_audit_log where action = 'PUT /api/categories' and status = 200
                    order by id desc limit 1""")).startsWith("huying.admin | catalogue revision " + revision).contains("新增目录管理测试事项")
                    .contains(TESTED);
            // Any unit's fresh (category, grid), raised in the new category instead.
            Map<String, Object> raise = CallRequests.body(CallRequests.PINGLE);
            raise.put("categoryCode", TESTED);
            assertThat(CallRequests.raise(CallRequests.PINGLE, raise).then().statusCode(201).extract().<String>path("status"))
                    .isNotEqualTo("REJECTED");
        } finally {
            // Retired (as this test leaves it, whatever happened above): kept in the catalogue, no longer offered.
            JsonPath now = as("huying.admin").get("/api/categories").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> retired = new ArrayList<>(added);
            retired.get(indexOf(retired, TESTED)).put("active", false);
            as("huying.admin").contentType(ContentType.JSON).body(body(now.getInt("revision"), groups, retired, "停用目录管理测试事项"))
                    .put("/api/categories").then().statusCode(200);
        }
        Map<String, Object> again = CallRequests.body(CallRequests.PINGLE);
        again.put("categoryCode", TESTED);
        CallRequests.raise(CallRequests.PINGLE, again).then().statusCode(201).body("status", equalTo("REJECTED"));
        as("huying.admin").get("/api/categories/versions").then().statusCode(200)
                .body("[0].revision", equalTo(revision + 2))
                .body("[0].note", equalTo("停用目录管理测试事项"));
    }

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> category(String code, String name) {
        Map<String, Object> c = new HashMap<>();
        c.put("code", code);
        c.put("groupCode", "QT");
        c.put("name", name);
        c.put("active", true);
        return c;
    }

    private static int indexOf(List<Map<String, Object>> categories, String code) {
        for (int i = 0; i < categories.size(); i++) {
            if (code.equals(categories.get(i).get("code"))) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Object> body(int basedOn, List<Map<String, Object>> groups, List<Map<String, Object>> categories, String note) {
        Map<String, Object> body = new HashMap<>();
        body.put("basedOnRevision", basedOn);
        body.put("groups", groups);
        body.put("categories", categories);
        body.put("note", note);
        return body;
    }
}
