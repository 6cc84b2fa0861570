package io.huying.intake;

import static io.restassured.RestAssured.given;

import io.huying.testing.KeycloakTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds raise-call requests for the demo users of the realm. */
final class CallRequests {
    static final String FENGLING = "fengling.office";
    static final String PINGLE = "pingle.office";
    static final String JINSHA = "jinsha.office";
    static final String SONGBEI = "songbei.office";
    static final String URBAN_SECTION = "urban.section";
    static final String OPS = "baiyun.ops";
    static final String FENGLING_GRID = "/baiyun/jinsha/fengling/grid-01";

    private CallRequests() {
    }

    /** A valid body with a unique address, so it never merges unless a test wants it to. */
    static Map<String, Object> body() {
        Map<String, Object> location = new HashMap<>();
        location.put("address", "凤岭路" + UUID.randomUUID().toString().substring(0, 8) + "号");
        location.put("gridPath", FENGLING_GRID);
        location.put("latitude", 23.21);
        location.put("longitude", 113.27);
        Map<String, Object> body = new HashMap<>();
        body.put("categoryCode", "GS-01");
        body.put("urgency", "一般");
        body.put("requestType", "求助");
        body.put("title", "路灯不亮");
        body.put("description", "凤岭路口两盏路灯连续三晚不亮，居民夜间出行不便。");
        body.put("location", location);
        body.put("reporter", new HashMap<>(Map.of("name", "李女士", "phone", "13800138000")));
        body.put("attachments", new ArrayList<>(List.of("https://files.example.gov.cn/huying/p1.jpg")));
        body.put("channel", "GRID_INSPECTION");
        return body;
    }

    /** A body whose grid is unique to the test run: merges only with calls of the same key. */
    static Map<String, Object> bodyInGrid(String grid, String category) {
        Map<String, Object> body = body();
        @SuppressWarnings("unchecked")
        Map<String, Object> location = (Map<String, Object>) body.get("location");
        location.put("gridPath", grid);
        body.put("categoryCode", category);
        return body;
    }

    static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }

    static Response raise(String user, Object body) {
        return as(user).contentType(ContentType.JSON).body(body).post("/api/calls");
    }

    static Response raise(String user, String idempotencyKey, Object body) {
        return as(user).contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey).body(body).post("/api/calls");
    }

    static String newKey() {
        return "test-" + UUID.randomUUID();
    }
}
