package io.huying.intake;

import static io.huying.intake.CallRequests.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.EventTypes;
import io.huying.contracts.Topics;
import io.huying.contracts.events.OrgTreeChanged;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * 组织架构 managed in the product, with real Keycloak tokens and the real realm: an administrator's new version is
 * checked (a unit removed, a grid under a section, a code given twice, a street's code too long: refused naming the
 * field, nothing written), stored, audited, announced on huying.reference; a call is raised at the new grid at once,
 * and the realm gains the grid's group with its attributes through Keycloak's admin API — a rename rewrites them.
 */
@QuarkusTest
class OrgTreeAdminTest {
    private static final String PINGLE = "/baiyun/jinsha/pingle";

    @Inject
    ObjectMapper json;

    @Test
    void everyoneReadsTheTreeWithItsGrids() {
        Response org = as("jinsha.dispatcher").get("/api/org");
        org.then().statusCode(200).body("path", equalTo("/baiyun")).body("level", equalTo("DISTRICT"));
        assertThat(org.jsonPath().getString("children.find { it.path == '/baiyun/jinsha' }"
                + ".children.find { it.path == '/baiyun/jinsha/fengling' }.children[0].level"))
                .as("grids hang below communities").isEqualTo("GRID");
    }

    @Test
    void anAdministratorsNewGridIsCheckedStoredAnnouncedRaisedAtAndInTheRealm() throws Exception {
        JsonPath versions = as("huying.admin").get("/api/org/versions").then().statusCode(200).extract().jsonPath();
        int revision = versions.getInt("[0].revision");
        List<Map<String, Object>> units = new ArrayList<>(versions.<Map<String, Object>>getList("[0].units").stream()
                .map(u -> (Map<String, Object>) new LinkedHashMap<>(u)).toList());

        // Refused, each fault by its field, nothing written.
        List<Map<String, Object>> wrong = new ArrayList<>(units.stream().filter(u -> !"/baiyun/songzhou/songbei/grid-01".equals(u.get("path")))
                .map(HashMap::new).toList());
        wrong.add(unit("/baiyun/jinsha/sections/urban/grid-01", "JS-CG-01", "GRID", "城管科网格"));
        wrong.add(unit("/baiyun/jinsha/pingle/grid-09", "JS-PL-01", "GRID", "编码重复"));
        wrong.add(unit("/baiyun/xinshi", "XINSHI", "STREET", "新市街道"));
        int n = wrong.size();
        as("huying.admin").contentType(ContentType.JSON).body(body(revision, wrong, null)).put("/api/org")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItems("units", "units[" + (n - 3) + "].level", "units[" + (n - 2) + "].code",
                        "units[" + (n - 1) + "].code"));
        assertThat(LocalInfra.queryLong("intake_test", "select max(revision) from reference_version where kind = 'org-tree'")).isEqualTo(revision);
        // Only an administrator changes it or reads its versions.
        as("jinsha.dispatcher").contentType(ContentType.JSON).body(body(revision, units, null)).put("/api/org").then().statusCode(403);
        as("jinsha.dispatcher").get("/api/org/versions").then().statusCode(403);

        // A grid of this run's own: stored as the next revision, announced whole, raised at, brought into the realm.
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(100, 1000));
        String grid = PINGLE + "/grid-t" + suffix;
        List<Map<String, Object>> added = new ArrayList<>(units);
        added.add(unit(grid, "JS-PL-T" + suffix, "GRID", "平乐社区测试网格" + suffix));
        try {
            try (TopicProbe reference = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.REFERENCE)) {
                as("huying.admin").contentType(ContentType.JSON).body(body(revision, added, "平乐社区新设网格")).put("/api/org")
                        .then().statusCode(200)
                        .body("revision", equalTo(revision + 1))
                        .body("changedBy", equalTo("huying.admin"))
                        .body("units.find { it.path == '" + grid + "' }.level", equalTo("GRID"));
                ConsumerRecord<String, String> announced = reference.await(r -> r.value().contains(EventTypes.ORG_TREE_CHANGED)
                        && read(r.value()).at("/data/revision").asInt() == revision + 1, 1, Duration.ofSeconds(30)).get(0);
                JsonNode event = read(announced.value());
                assertThat(announced.key()).isEqualTo(OrgTreeChanged.SUBJECT.toString());
                assertThat(new EventSchemas().violations(event)).isEmpty();
                assertThat(event.at("/data/units").findValuesAsText("path")).contains(grid, "/baiyun", PINGLE);
            }
            as("huying.admin").contentType(ContentType.JSON).body(body(revision, added, null)).put("/api/org").then().statusCode(409);
            assertThat(LocalInfra.queryString("intake_test", """
                    select username || ' | ' || detail from huying_audit_log where action = 'PUT /api/org' and status = 200
                    order by id desc limit 1""")).startsWith("huying.admin | org tree revision " + revision).contains("平乐社区新设网格")
                    .contains("+ " + grid);
            as("pingle.office").get("/api/org").then().statusCode(200)
                    .body("children.find { it.path == '/baiyun/jinsha' }.children.find { it.path == '" + PINGLE + "' }.children.path",
                            hasItems(grid));

            // The community raises a call at its new grid at once.
            Map<String, Object> raise = CallRequests.body(CallRequests.PINGLE);
            CallRequests.location(raise).put("gridPath", grid);
            Response raised = CallRequests.raise(CallRequests.PINGLE, raise);
            raised.then().statusCode(201);
            assertThat(raised.<String>path("status")).isNotEqualTo("REJECTED");

            // The realm's group of the grid, with the unit's attributes.
            awaitRealm(revision + 1);
            JsonPath group = realmGroup(grid).then().statusCode(200).extract().jsonPath();
            assertThat(group.getList("attributes.code")).containsExactly("JS-PL-T" + suffix);
            assertThat(group.getList("attributes.level")).containsExactly("GRID");
            assertThat(group.getList("attributes.name")).containsExactly("平乐社区测试网格" + suffix);

            // Renamed in place: a new revision, and the group's name attribute rewritten.
            added.get(added.size() - 1).put("name", "平乐社区第" + suffix + "网格");
            as("huying.admin").contentType(ContentType.JSON).body(body(revision + 1, added, "网格更名")).put("/api/org").then().statusCode(200)
                    .body("revision", equalTo(revision + 2));
            awaitRealm(revision + 2);
            assertThat(realmGroup(grid).then().statusCode(200).extract().jsonPath().getList("attributes.name"))
                    .containsExactly("平乐社区第" + suffix + "网格");
        } finally {
            // Groups are never removed by intake; this test's own goes, so the shared realm stays as shipped.
            Response left = realmGroup(grid);
            if (left.statusCode() == 200) {
                given().auth().oauth2(directoryToken()).delete(LocalInfra.KEYCLOAK + "/admin/realms/huying/groups/" + left.path("id"))
                        .then().statusCode(204);
            }
        }
    }

    private static void awaitRealm(int revision) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as("huying.admin").get("/api/org/realm-groups").then().statusCode(200)
                        .body("revisionInForce", equalTo(revision))
                        .body("revisionInRealm", equalTo(revision))
                        .body("error", nullValue()));
    }

    private static Response realmGroup(String path) {
        return given().auth().oauth2(directoryToken()).get(LocalInfra.KEYCLOAK + "/admin/realms/huying/group-by-path" + path);
    }

    private static String directoryToken() {
        return KeycloakTokens.clientToken("huying-directory", LocalInfra.secret("HUYING_DIRECTORY_SECRET"));
    }

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> unit(String path, String code, String level, String name) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("path", path);
        u.put("code", code);
        u.put("level", level);
        u.put("name", name);
        return u;
    }

    private static Map<String, Object> body(int basedOn, List<Map<String, Object>> units, String note) {
        Map<String, Object> body = new HashMap<>();
        body.put("basedOnRevision", basedOn);
        body.put("units", units);
        body.put("note", note);
        return body;
    }
}
