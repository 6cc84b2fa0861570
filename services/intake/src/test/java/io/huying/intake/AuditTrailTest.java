package io.huying.intake;

import static io.huying.intake.CallRequests.PINGLE;
import static io.huying.intake.CallRequests.as;
import static io.huying.intake.CallRequests.body;
import static io.huying.intake.CallRequests.duplicateOf;
import static io.huying.intake.CallRequests.raise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * 操作审计 — every write leaves who, which unit, when, what and the outcome in the service's audit
 * log; the audit administrator reads it, the system administrator and everyone else cannot.
 */
@QuarkusTest
class AuditTrailTest {
    @Test
    void aRaiseIsAuditedOnceWithItsCallAndItsReplayOnceMore() {
        // A stored call's entry is written in the call's transaction; the response filter must then not add another.
        String requestId = "audit-once-" + UUID.randomUUID();
        String key = "audit-once-" + UUID.randomUUID();
        Map<String, Object> body = body(PINGLE);
        as(PINGLE).contentType(ContentType.JSON).header("Idempotency-Key", key).header("X-Request-Id", requestId).body(body)
                .post("/api/calls").then().statusCode(201);
        assertThat(entriesOf(requestId)).singleElement().satisfies(e -> {
            assertThat(e.get("action")).isEqualTo("POST /api/calls");
            assertThat(e.get("target")).isEqualTo("/api/calls");
            assertThat(e.get("status")).isEqualTo(201);
            assertThat(e.get("outcome")).isEqualTo("SUCCEEDED");
            assertThat(e.get("username")).isEqualTo("pingle.office");
            assertThat(e.get("units")).isEqualTo("/baiyun/jinsha/pingle");
        });

        // The retry is replayed without a write of its own: the filter records it.
        as(PINGLE).contentType(ContentType.JSON).header("Idempotency-Key", key).header("X-Request-Id", requestId).body(body)
                .post("/api/calls").then().statusCode(201);
        assertThat(entriesOf(requestId)).hasSize(2).allSatisfy(e -> assertThat(e.get("status")).isEqualTo(201));
    }

    /** Today's audit entries of pingle.office carrying {@code requestId}. */
    private static List<Map<String, Object>> entriesOf(String requestId) {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        List<Map<String, Object>> entries = as("huying.auditor")
                .queryParam("username", "pingle.office").queryParam("from", today).queryParam("to", today).queryParam("size", 200)
                .get("/api/admin/services/intake/audit").then().statusCode(200)
                .extract().jsonPath().getList("items");
        return entries.stream().filter(e -> requestId.equals(e.get("requestId"))).toList();
    }

    @Test
    void aWriteAndARefusedWriteAreAuditedAndOnlyTheAuditAdministratorReadsThem() {
        Map<String, Object> accepted = body(PINGLE);
        String id = raise(PINGLE, accepted).then().statusCode(201).extract().path("id");
        Map<String, Object> refused = duplicateOf(accepted);
        refused.put("title", "");
        raise(PINGLE, refused).then().statusCode(400);

        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        List<Map<String, Object>> entries = as("huying.auditor")
                .queryParam("username", "pingle.office").queryParam("from", today).queryParam("to", today).queryParam("size", 200)
                .get("/api/admin/services/intake/audit").then().statusCode(200)
                .body("size", equalTo(200))
                .extract().jsonPath().getList("items");
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.get("action")).isEqualTo("POST /api/calls");
            assertThat(e.get("outcome")).isEqualTo("SUCCEEDED");
            assertThat(e.get("status")).isEqualTo(201);
            assertThat(e.get("units")).isEqualTo("/baiyun/jinsha/pingle");
            assertThat((String) e.get("roles")).contains("community-office");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.get("action")).isEqualTo("POST /api/calls");
            assertThat(e.get("outcome")).isEqualTo("REFUSED");
            assertThat(e.get("status")).isEqualTo(400);
        });
        assertThat(id).isNotBlank();

        as("huying.admin").get("/api/admin/services/intake/audit").then().statusCode(403);
        as("pingle.office").get("/api/admin/services/intake/audit").then().statusCode(403);
        as("huying.auditor").queryParam("outcome", "MAYBE").get("/api/admin/services/intake/audit").then().statusCode(400)
                .body("violations[0].field", equalTo("outcome"));
        as("huying.auditor").queryParam("size", 100_000).get("/api/admin/services/intake/audit").then().statusCode(400)
                .body("violations[0].field", equalTo("size"));
        as("huying.auditor").get("/api/admin/services/sla/audit").then().statusCode(404);
    }

    /** A path carrying NUL (%00), which PostgreSQL text cannot hold, is recorded with the NUL spelled out: a probe leaves its trace. */
    @Test
    void aRequestWithNulInItsPathIsAuditedToo() {
        as("songzhou.office").urlEncodingEnabled(false).contentType("application/json").body(Map.of("reason", "审计测试")).post("/api/calls/%00/reporter/reveal")
                .then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));
        List<Map<String, Object>> entries = as("huying.auditor").queryParam("username", "songzhou.office").queryParam("size", 200)
                .get("/api/admin/services/intake/audit").then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(entries).anySatisfy(e -> {
            assertThat((String) e.get("target")).isEqualTo("/api/calls/\\u0000/reporter/reveal");
            assertThat(e.get("outcome")).isEqualTo("REFUSED");
        });
    }
}
