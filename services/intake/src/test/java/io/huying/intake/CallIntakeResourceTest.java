package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.allAtOnce;
import static io.huying.intake.CallRequests.JINSHA;
import static io.huying.intake.CallRequests.OPS;
import static io.huying.intake.CallRequests.PINGLE;
import static io.huying.intake.CallRequests.SONGBEI;
import static io.huying.intake.CallRequests.URBAN_SECTION;
import static io.huying.intake.CallRequests.addressOf;
import static io.huying.intake.CallRequests.as;
import static io.huying.intake.CallRequests.body;
import static io.huying.intake.CallRequests.bodyIn;
import static io.huying.intake.CallRequests.duplicateOf;
import static io.huying.intake.CallRequests.location;
import static io.huying.intake.CallRequests.newKey;
import static io.huying.intake.CallRequests.raise;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.huying.contracts.Topics;
import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.intake.config.IntakeConfig;
import io.huying.platform.outbox.OutboxRelay;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import io.huying.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CallIntakeResourceTest {
    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    IntakeConfig config;
    @Inject
    OutboxRelay relay;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /** Idempotency, numbering and grouped answers below are proven on the write path production takes. */
    @Test
    void theseTestsRunWithTheProductionDuplicateWindow() {
        assertThat(config.mergeWindow()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aCommunityOfficeRaisesACallAndGets201WithANumberAndLocation() {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString().replace("-", "");
        Map<String, Object> body = body();
        Response created = raise(FENGLING, body);
        created.then().statusCode(201)
                .header("Location", matchesPattern(".*/api/calls/[0-9a-f-]{36}$"))
                .body("id", notNullValue())
                .body("number", matchesPattern("JS-" + today + "-\\d{4,}"))
                .body("status", equalTo("ACCEPTED"))
                .body("raisingUnit", equalTo("/baiyun/jinsha/fengling"))
                .body("raisingUnitName", equalTo("凤岭社区"))
                .body("urgency", equalTo("ROUTINE"))
                .body("requestType", equalTo("HELP"))
                .body("reporter.name", equalTo("李女士"))
                .body("reporter.phone", equalTo("138****8000"))
                .body("reporter.masked", equalTo(true))
                .body("reporter.revealable", equalTo(true));

        as(FENGLING).get(created.header("Location")).then().statusCode(200)
                .body("id", equalTo(created.path("id")))
                .body("categoryName", equalTo(CategoryCatalogue.load().find((String) body.get("categoryCode")).orElseThrow().name()));
    }

    @Test
    void theRaiserRevealsTheReporterPhoneWithAReasonThatTheAuditLogKeepsAndNoOneElseMay() {
        String id = raise(PINGLE, body(PINGLE)).then().statusCode(201).extract().path("id");
        String reveal = "/api/calls/" + id + "/reporter/reveal";

        as(PINGLE).contentType(ContentType.JSON).body(Map.of("reason", " ")).post(reveal).then().statusCode(400)
                .contentType(PROBLEM_JSON).body("violations[0].field", equalTo("reason"));
        as(PINGLE).contentType(ContentType.JSON).body(Map.of("reason", "回访来电人核实占道位置")).post(reveal).then().statusCode(200)
                .body("name", equalTo("李女士"))
                .body("phone", equalTo("13800138000"))
                .body("revealedTo", equalTo("pingle.office"));
        // 金沙街道 sees the call, masked, and may not reveal; 凤岭 does not see it at all.
        as(JINSHA).get("/api/calls/" + id).then().statusCode(200).body("reporter.revealable", equalTo(false))
                .body("reporter.name", equalTo("李**"));
        as(JINSHA).contentType(ContentType.JSON).body(Map.of("reason", "想看看")).post(reveal).then().statusCode(403).contentType(PROBLEM_JSON);
        as(FENGLING).contentType(ContentType.JSON).body(Map.of("reason", "想看看")).post(reveal).then().statusCode(404).contentType(PROBLEM_JSON);

        assertThat(LocalInfra.queryString("intake_test", """
                select detail from huying_audit_log where username = 'pingle.office' and target = ? and status = 200""", reveal))
                .isEqualTo("reveal reporter phone; reason: 回访来电人核实占道位置");
        assertThat(LocalInfra.queryLong("intake_test", "select count(*) from huying_audit_log where username = 'jinsha.office' and target = ? "
                + "and outcome = 'REFUSED'", reveal)).isOne();
    }

    @Test
    void callNumbersAreSequentialPerStreetPerDay() {
        int first = sequenceOf(raise(FENGLING, body()).then().statusCode(201).extract().path("number"));
        int second = sequenceOf(raise(PINGLE, body(PINGLE)).then().statusCode(201).extract().path("number"));
        assertThat(second).isEqualTo(first + 1);

        String songzhou = raise(SONGBEI, body(SONGBEI)).then().statusCode(201).extract().path("number");
        assertThat(songzhou).startsWith("SZ-");
    }

    @Test
    void callsRaisedAtTheSameMomentInOneStreetGetDistinctConsecutiveNumbers() throws Exception {
        int n = 16;
        List<Integer> numbers = new java.util.ArrayList<>();
        // Half with an Idempotency-Key: a group written together claims its keys in one statement; the
        // numbers are taken in the calls' own transaction, so they run on without a gap.
        List<Callable<Response>> requests = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(i % 2 == 0 ? () -> raise(FENGLING, newKey(), body()) : () -> raise(FENGLING, body()));
        }
        for (Response response : allAtOnce(requests)) {
            assertThat(response.statusCode()).isEqualTo(201);
            numbers.add(sequenceOf(response.path("number")));
        }
        numbers.sort(null);
        assertThat(numbers).doesNotHaveDuplicates();
        assertThat(numbers.get(n - 1) - numbers.get(0)).as("no gap: %s", numbers).isEqualTo(n - 1);
    }

    @Test
    void theSameIdempotencyKeyAndBodyReturnTheOriginalCall() {
        String key = newKey();
        Map<String, Object> body = body();
        Response first = raise(FENGLING, key, body);
        first.then().statusCode(201);
        Response retry = raise(FENGLING, key, body);
        retry.then().statusCode(201)
                .header("Location", equalTo(first.header("Location")))
                .body("id", equalTo(first.path("id")))
                .body("number", equalTo(first.path("number")));
        assertThat(countCallsWithAddress(addressOf(body))).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithADifferentBodyIsRefusedWith422() {
        String key = newKey();
        raise(FENGLING, key, body()).then().statusCode(201);
        Map<String, Object> other = body();
        raise(FENGLING, key, other).then().statusCode(422)
                .contentType(PROBLEM_JSON)
                .body("violations.field", hasItem("Idempotency-Key"));
        assertThat(countCallsWithAddress(addressOf(other))).isZero();
    }

    @Test
    void concurrentRequestsWithOneIdempotencyKeyCreateOneCall() throws Exception {
        String key = newKey();
        Map<String, Object> body = body();
        Set<String> ids = new HashSet<>();
        for (Response response : allAtOnce(16, () -> raise(FENGLING, key, body))) {
            assertThat(response.statusCode()).isEqualTo(201);
            ids.add(response.path("id"));
        }
        assertThat(ids).hasSize(1);
        assertThat(countCallsWithAddress(addressOf(body))).isEqualTo(1);
    }

    /**
     * Raises that arrive together are written together (CallIntake's groups): a key sent twice, a key
     * reused with another body and calls without a key, all at once, each get the answer they would
     * get alone.
     */
    @Test
    void callsRaisedTogetherEachGetTheirOwnAnswerWhateverTheirKeys() throws Exception {
        List<String> keys = List.of(newKey(), newKey(), newKey(), newKey(), newKey(), newKey());
        List<Map<String, Object>> bodies = keys.stream().map(k -> body()).toList();
        String reused = newKey();
        Map<String, Object> first = body();
        Map<String, Object> second = body();
        Map<String, Object> keyless = body();
        List<Callable<Response>> requests = new java.util.ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            int k = i;
            requests.add(() -> raise(FENGLING, keys.get(k), bodies.get(k)));
            requests.add(() -> raise(FENGLING, keys.get(k), bodies.get(k)));
        }
        requests.add(() -> raise(FENGLING, reused, first));
        requests.add(() -> raise(FENGLING, reused, second));
        for (int i = 0; i < 4; i++) {
            requests.add(() -> raise(FENGLING, keyless));
        }
        List<Response> answers = allAtOnce(requests);

        for (int i = 0; i < keys.size(); i++) {
            Response a = answers.get(2 * i);
            Response b = answers.get(2 * i + 1);
            assertThat(a.statusCode()).isEqualTo(201);
            assertThat(b.statusCode()).isEqualTo(201);
            assertThat(b.<String>path("id")).as("a key sent twice is one call").isEqualTo(a.path("id"));
            assertThat(countCallsWithAddress(addressOf(bodies.get(i)))).isEqualTo(1);
        }
        List<Integer> reusedStatuses = List.of(answers.get(12).statusCode(), answers.get(13).statusCode());
        assertThat(reusedStatuses).as("a key reused with another body: one call, one 422").containsExactlyInAnyOrder(201, 422);
        assertThat(countCallsWithAddress(addressOf(first)) + countCallsWithAddress(addressOf(second))).isEqualTo(1);
        Set<String> keylessIds = new HashSet<>();
        for (Response keylessAnswer : answers.subList(14, 18)) {
            assertThat(keylessAnswer.statusCode()).isEqualTo(201);
            keylessIds.add(keylessAnswer.path("id"));
        }
        assertThat(keylessIds).as("without a key, each request is a call").hasSize(4);
        assertThat(countCallsWithAddress(addressOf(keyless))).isEqualTo(4);
        // The same report four times is one case: the first accepted, the others merged into it (事件立项).
        List<Response> keylessAnswers = answers.subList(14, 18);
        List<String> keylessStatuses = keylessAnswers.stream().map(r -> r.<String>path("status")).toList();
        assertThat(keylessStatuses).as("one accepted, three merged").containsExactlyInAnyOrder("ACCEPTED", "MERGED", "MERGED", "MERGED");
        String accepted = keylessAnswers.stream().filter(r -> "ACCEPTED".equals(r.path("status"))).findFirst().orElseThrow().path("id");
        assertThat(keylessAnswers.stream().filter(r -> "MERGED".equals(r.path("status"))).map(r -> r.<String>path("mergedInto.id")))
                .containsOnly(accepted);
        assertThat(answers.subList(0, 14).stream().filter(r -> r.statusCode() == 201).map(r -> r.<String>path("status")))
                .as("distinct bodies are distinct cases").containsOnly("ACCEPTED");
        List<Integer> numbers = answers.stream().filter(r -> r.statusCode() == 201).map(r -> r.<String>path("id")).distinct()
                .map(id -> answers.stream().filter(r -> id.equals(r.path("id"))).findFirst().orElseThrow())
                .map(r -> sequenceOf(r.path("number"))).toList();
        assertThat(numbers).as("11 calls, 11 numbers").hasSize(11).doesNotHaveDuplicates();
    }

    @Test
    void aMalformedBodyGets400ProblemNamingEachField() {
        Map<String, Object> body = body();
        body.remove("title");
        body.put("description", "长".repeat(4001));
        body.put("attachments", List.of("ftp://x", "https://a/1", "https://a/2", "https://a/3", "https://a/4",
                "https://a/5", "https://a/6", "https://a/7", "https://a/8", "https://a/9"));
        location(body).put("latitude", 123.0);
        body.put("reporter", Map.of("phone", "12345"));

        raise(FENGLING, body).then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("type", equalTo("https://huying.io/problems/invalid-request"))
                .body("violations.field", hasItem("title"))
                .body("violations.field", hasItem("description"))
                .body("violations.field", hasItem("attachments"))
                .body("violations.field", hasItem("attachments[0]"))
                .body("violations.field", hasItem("location.latitude"))
                .body("violations.field", hasItem("reporter.phone"));
        assertThat(countCallsWithAddress(addressOf(body))).isZero();
    }

    @Test
    void anUnknownEnumValueOrWrongJsonTypeOrUnknownFieldIsNamed() {
        Map<String, Object> badUrgency = body();
        badUrgency.put("urgency", "十万火急");
        raise(FENGLING, badUrgency).then().statusCode(400).contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("urgency"))
                .body("violations[0].message", containsString("特急"));

        Map<String, Object> wrongType = body();
        wrongType.put("location", "凤岭路");
        raise(FENGLING, wrongType).then().statusCode(400).contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("location"));

        Map<String, Object> unknown = body();
        unknown.put("raisingUnit", "/baiyun/jinsha/pingle");
        raise(FENGLING, unknown).then().statusCode(400).contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("raisingUnit"))
                .body("violations[0].message", equalTo("unknown field"));

        as(FENGLING).contentType(ContentType.JSON).body("{\"title\": ").post("/api/calls")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("violations[0].field", equalTo("(body)"));
        as(FENGLING).contentType(ContentType.JSON).post("/api/calls")
                .then().statusCode(400).contentType(PROBLEM_JSON);
    }

    @Test
    void aControlCharacterInAnyTextFieldIs400NamingTheFieldAndNothingIsRecordedOrAnnounced() {
        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            // One case of 平乐: the refused bodies are copies of it (refused, they make no call to merge with).
            Map<String, Object> lines = body(PINGLE);
            Map<String, Object> nul = duplicateOf(lines);
            nul.put("description", "占道经营\u0000; drop table calls");
            raise(PINGLE, nul).then().statusCode(400).contentType(PROBLEM_JSON)
                    .body("violations[0].field", equalTo("description"))
                    .body("violations[0].message", containsString("U+0000"));

            Map<String, Object> escape = duplicateOf(lines);
            location(escape).put("address", location(escape).get("address") + "\u001b[31m");
            raise(PINGLE, escape).then().statusCode(400).contentType(PROBLEM_JSON)
                    .body("violations[0].field", equalTo("location.address"))
                    .body("violations[0].message", containsString("U+001B"));

            // Line breaks and tabs are text.
            lines.put("description", "第一行\r\n第二行\n\t第三行");
            raise(PINGLE, lines).then().statusCode(201).body("description", equalTo("第一行\r\n第二行\n\t第三行"));

            assertNeitherRecordedNorAnnounced(probe, List.of(addressOf(nul), addressOf(escape)));
        }
    }

    @Test
    void aGridOutsideTheCallersUnitIs400AndAnUnknownCategoryIs422AndNeitherIsRecordedOrAnnounced() {
        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            // Raising for another unit: 凤岭 in 平乐's grid.
            Map<String, Object> otherCommunity = body();
            location(otherCommunity).put("gridPath", "/baiyun/jinsha/pingle/grid-01");
            raise(FENGLING, otherCommunity).then().statusCode(400).contentType(PROBLEM_JSON)
                    .body("violations[0].field", equalTo("location.gridPath"));

            Map<String, Object> unknown = body();
            unknown.put("categoryCode", "QQ-42");
            raise(FENGLING, unknown).then().statusCode(422).contentType(PROBLEM_JSON)
                    .body("violations[0].field", equalTo("categoryCode"));

            assertNeitherRecordedNorAnnounced(probe, List.of(addressOf(otherCommunity), addressOf(unknown)));
        }
    }

    @Test
    void anInactiveCategoryIsRecordedAsRejectedWithTheReason() {
        Map<String, Object> body = body();
        body.put("categoryCode", "SR-99");
        raise(FENGLING, body).then().statusCode(201)
                .body("status", equalTo("REJECTED"))
                .body("rejection.code", equalTo("CATEGORY_INACTIVE"))
                .body("rejection.reason", containsString("SR-04"));
    }

    @Test
    void onlyCommunityAndStreetOfficesMayRaiseAndARefusedRaiseIsNeitherRecordedNorAnnounced() {
        try (TopicProbe probe = TopicProbe.fromNow(LocalInfra.TEST_KAFKA.bootstrap(), Topics.CALLS)) {
            Map<String, Object> bySection = body();
            Map<String, Object> byOps = body();
            raise(URBAN_SECTION, bySection).then().statusCode(403).contentType(PROBLEM_JSON);
            raise(OPS, newKey(), byOps).then().statusCode(403).contentType(PROBLEM_JSON);

            assertNeitherRecordedNorAnnounced(probe, List.of(addressOf(bySection), addressOf(byOps)));
        }
    }

    /**
     * No call row has any of these addresses, and huying.calls holds no event naming one: once intake's
     * outbox is empty, everything intake committed is on the topic, so reading it to its end is complete.
     */
    private void assertNeitherRecordedNorAnnounced(TopicProbe probe, List<String> addresses) {
        for (String address : addresses) {
            assertThat(countCallsWithAddress(address)).as("calls at %s", address).isZero();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> relay.pending() == 0);
        assertThat(probe.toEnd(r -> addresses.stream().anyMatch(r.value()::contains))).as("events naming %s", addresses).isEmpty();
    }

    @Test
    void withoutAValidTokenTheAnswerIs401Problem() {
        given().contentType(ContentType.JSON).body(body()).post("/api/calls")
                .then().statusCode(401).contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().header("Authorization", "Bearer not.a.token").get("/api/calls")
                .then().statusCode(401).contentType(PROBLEM_JSON);
        // A real token of the same user and realm, issued to a client without the huying-api audience.
        given().header("Authorization", "Bearer " + KeycloakTokens.accessTokenOfClient("admin-cli", "fengling.office")).get("/api/calls")
                .then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void aCallIsVisibleOnlyWithinTheRaisersPathAndTheReporterIsMaskedAbove() {
        Map<String, Object> body = body();
        Response created = raise(FENGLING, body);
        String location = created.then().statusCode(201).extract().header("Location");

        // Another unit's call answers as a call that does not exist: nothing of it shows.
        String id = created.path("id");
        String unknown = java.util.UUID.randomUUID().toString();
        Response foreign = as(PINGLE).get(location);
        foreign.then().statusCode(404).contentType(PROBLEM_JSON);
        Response missing = as(PINGLE).get("/api/calls/" + unknown);
        assertThat(foreign.asString().replace(id, unknown)).isEqualTo(missing.asString());
        assertThat(foreign.asString()).doesNotContain(created.<String>path("number"), addressOf(body));
        as(SONGBEI).get(location).then().statusCode(404);
        as(URBAN_SECTION).get(location).then().statusCode(404);
        as(JINSHA).get(location).then().statusCode(200)
                .body("reporter.name", equalTo("李**"))
                .body("reporter.phone", equalTo("138****8000"))
                .body("reporter.masked", equalTo(true));
        as(OPS).get(location).then().statusCode(200).body("reporter.masked", equalTo(true));
        as(FENGLING).get("/api/calls/not-a-uuid").then().statusCode(404).contentType(PROBLEM_JSON);
        as(FENGLING).get("/api/calls/" + java.util.UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void theListIsPagedFilteredAndScopedToTheCallersPath() {
        Map<String, Object> urgent = bodyIn(FENGLING, "XF-01");
        urgent.put("urgency", "特急");
        String id = raise(FENGLING, urgent).then().statusCode(201).extract().path("id");
        raise(FENGLING, body()).then().statusCode(201);

        as(FENGLING).queryParam("urgency", "CRITICAL").queryParam("category", "XF-01").get("/api/calls")
                .then().statusCode(200)
                .body("items.id", hasItem(id))
                .body("items.urgency", everyItem(equalTo("CRITICAL")))
                .body("items.raisingUnit", everyItem(equalTo("/baiyun/jinsha/fengling")));
        as(FENGLING).queryParam("size", 1).get("/api/calls")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("size", equalTo(1));
        as(PINGLE).queryParam("size", 100).get("/api/calls")
                .then().statusCode(200).body("items.id", not(hasItem(id)));
        as(JINSHA).queryParam("size", 100).queryParam("category", "XF-01").get("/api/calls")
                .then().statusCode(200).body("items.id", hasItem(id));
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        as(FENGLING).queryParam("raisedFrom", today).queryParam("raisedTo", today).queryParam("status", "accepted")
                .get("/api/calls").then().statusCode(200).body("items.id", hasItem(id));

        as(FENGLING).queryParam("size", 1000).get("/api/calls").then().statusCode(400)
                .contentType(PROBLEM_JSON).body("violations[0].field", equalTo("size"));
        as(FENGLING).queryParam("raisedFrom", "27/11/2026").get("/api/calls").then().statusCode(400)
                .body("violations[0].field", equalTo("raisedFrom"));
        as(FENGLING).queryParam("status", "OPENED").get("/api/calls").then().statusCode(400)
                .body("violations[0].field", equalTo("status"));
    }

    @Test
    void wrongMediaTypeIs415AndOversizeBodyIs413Problem() {
        as(FENGLING).contentType(ContentType.TEXT).body("hello").post("/api/calls")
                .then().statusCode(415).contentType(PROBLEM_JSON);
        as(FENGLING).contentType(ContentType.JSON).body("{\"title\":\"" + "x".repeat(70_000) + "\"}").post("/api/calls")
                .then().statusCode(413).contentType(PROBLEM_JSON).body("status", equalTo(413));
    }

    @Test
    void theCatalogueHasItsVersionGroupsAndActiveFlags() {
        as(PINGLE).get("/api/categories").then().statusCode(200)
                .body("version", equalTo("2026.2"))
                .body("groups.name", hasItem("食品安全"))
                .body("groups.find { it.code == 'QT' }.categories.code", hasItem("QT-01"))
                .body("groups.find { it.code == 'SR' }.categories.find { it.code == 'SR-99' }.active", equalTo(false));
        given().get("/api/categories").then().statusCode(401);
    }

    @Test
    void healthAndOpenApiNeedNoToken() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/calls"));
    }

    private static int sequenceOf(String number) {
        return Integer.parseInt(number.substring(number.lastIndexOf('-') + 1));
    }

    static long countCallsWithAddress(String address) {
        return LocalInfra.queryLong("intake_test", "select count(*) from calls where address = ?", address);
    }
}
