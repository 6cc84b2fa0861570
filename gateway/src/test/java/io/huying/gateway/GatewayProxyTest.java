package io.huying.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.huying.testing.KeycloakTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.log.LogDetail;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API clients through the gateway: bearer tokens pass through and are relayed; limits and errors are problem+json. */
@QuarkusTest
@QuarkusTestResource(EchoServices.class)
class GatewayProxyTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URI base;

    /** The echo server itself, asked directly. */
    @ConfigProperty(name = "huying.gateway.services.intake")
    String service;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails(LogDetail.ALL);
    }

    @Test
    void bearerTokenPassesThroughAndIsRelayedToTheService() {
        String bearer = KeycloakTokens.bearer("fengling.office");
        given().header("Authorization", bearer).queryParam("status", "OPEN")
                .get("/api/calls")
                .then().statusCode(200)
                .body("method", equalTo("GET"))
                .body("uri", equalTo("/api/calls?status=OPEN"))
                .body("authorization", equalTo(bearer))
                .body("cookie", nullValue());
        for (String path : List.of("/api/categories", "/api/integrations/12345/orders/x", "/api/admin/timeline/x", "/api/dispatch/queue", "/api/tasks/1",
                "/api/verifications", "/api/sla/board", "/api/notifications")) {
            given().header("Authorization", bearer).get(path).then().statusCode(200).body("uri", equalTo(path));
        }
    }

    @Test
    void withoutATokenTheApiAnswers401ProblemNotARedirect() {
        for (String path : List.of("/api/calls", "/api/me", "/api/nothing-here")) {
            given().redirects().follow(false).accept("application/json").get(path)
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("status", equalTo(401))
                    .body("type", equalTo("https://huying.io/problems/unauthenticated"))
                    .body("instance", equalTo(path));
        }
        given().redirects().follow(false).header("Authorization", "Bearer not-a-token").get("/api/calls")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenAcceptedBeforeDoesNotVouchForAnAlteredCopy() {
        String bearer = KeycloakTokens.bearer("civil.section");
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", bearer).get("/api/calls").then().statusCode(200);
        }
        // The same signature over claims naming another user.
        String[] parts = bearer.substring("Bearer ".length()).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = claims.replace("\"preferred_username\":\"civil.section\"", "\"preferred_username\":\"huying.admin\"");
        assertThat(forged).isNotEqualTo(claims);
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        given().header("Authorization", "Bearer " + altered).get("/api/calls")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anUnknownApiPathIs404Problem() {
        given().header("Authorization", KeycloakTokens.bearer("fengling.office")).get("/api/nothing-here")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void open311GoesToIntakeWithoutLoginAndWithoutTheCallersCredentials() {
        // Open311 clients have no Keycloak account: no redirect to the login page, no 401; what a browser
        // or client sends as credentials stays at the edge (intake checks the api_key itself).
        given().redirects().follow(false).header("Authorization", "Bearer not-a-token").cookie("q_session", "x")
                .formParam("api_key", "k").formParam("service_code", "SR-01")
                .post("/open311/v2/requests.json")
                .then().statusCode(200)
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/open311/v2/requests.json"))
                .body("authorization", org.hamcrest.Matchers.nullValue())
                .body("cookie", org.hamcrest.Matchers.nullValue());
        given().redirects().follow(false).get("/open311/v2/services.xml")
                .then().statusCode(200).body("uri", equalTo("/open311/v2/services.xml"));
        given().contentType("application/x-www-form-urlencoded").body("description=" + "a".repeat(70 * 1024)).post("/open311/v2/requests.json")
                .then().statusCode(413).contentType("application/json").body("[0].code", equalTo(413));
    }

    @Test
    void oversizeBodiesAre413ProblemAndUploadsMayBeLarger() {
        String bearer = KeycloakTokens.bearer("pingle.office");
        byte[] json = new byte[70 * 1024];
        java.util.Arrays.fill(json, (byte) ' ');
        given().header("Authorization", bearer).contentType("application/json").body(json)
                .post("/api/calls")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        byte[] photo = new byte[2 * 1024 * 1024];
        given().header("Authorization", bearer).multiPart("file", "photo.jpg", photo, "image/jpeg")
                .post("/api/calls/attachments")
                .then().statusCode(200).body("method", equalTo("POST"));
        byte[] tooBig = new byte[11 * 1024 * 1024];
        given().header("Authorization", bearer).multiPart("file", "photo.jpg", tooBig, "image/jpeg")
                .post("/api/tasks/1/attachments")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void aBurstAboveTheUsersRateIs429ProblemWithRetryAfter() {
        String bearer = KeycloakTokens.bearer("housing.dept");
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            sent.add(HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/api/tasks")).header("Authorization", bearer).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = sent.stream().map(CompletableFuture::join).toList();
        List<HttpResponse<String>> limited = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(responses).as("the burst of 40 passes").filteredOn(r -> r.statusCode() == 200).hasSizeGreaterThanOrEqualTo(40);
        assertThat(limited).as("beyond burst and rate: 429").isNotEmpty();
        HttpResponse<String> first = limited.get(0);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(first.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(first.body()).contains("\"status\":429");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (Response response : List.of(
                given().header("Authorization", KeycloakTokens.bearer("jinsha.office")).get("/api/calls"),
                given().get("/api/calls"),
                given().redirects().follow(false).get("/section/tasks/1"))) {
            response.then()
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Referrer-Policy", equalTo("same-origin"));
        }
    }

    @Test
    void callersWhoHangUpBeforeASlowServiceAnswersDoNotUseUpTheConnectionsToIt() {
        String bearer = KeycloakTokens.bearer("pingle.office");
        // Twice the pool's connections, each caller gone after 200 ms; the service answers after 1 s.
        List<CompletableFuture<?>> hungUp = new ArrayList<>();
        for (int i = 0; i < 2 * EchoServices.POOL_SIZE; i++) {
            hungUp.add(HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/api/calls/slow")).header("Authorization", bearer)
                    .timeout(Duration.ofMillis(200)).build(), HttpResponse.BodyHandlers.discarding()).exceptionally(e -> null));
        }
        CompletableFuture.allOf(hungUp.toArray(CompletableFuture[]::new)).join();
        // The connections come back (the requests that waited for one are not sent at all): a plain call
        // is answered, then a whole pool's worth at once.
        Awaitility.await("a call through the gateway answered").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> status(bearer, "/api/calls/after-hang-ups") == 200);
        List<CompletableFuture<HttpResponse<Void>>> after = new ArrayList<>();
        for (int i = 0; i < EchoServices.POOL_SIZE; i++) {
            after.add(HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/api/calls/slow")).header("Authorization", bearer)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()));
        }
        assertThat(after).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
    }

    @Test
    void callersWhoHangUpWhileWaitingForAConnectionAreNotForwarded() {
        String bearer = KeycloakTokens.bearer("songbei.office");
        // Every connection busy for 1 s; meanwhile twice as many callers ask and give up after 200 ms.
        List<CompletableFuture<HttpResponse<Void>>> busy = new ArrayList<>();
        for (int i = 0; i < EchoServices.POOL_SIZE; i++) {
            busy.add(HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/api/calls/slow")).header("Authorization", bearer)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()));
        }
        Awaitility.await("every connection to the service busy").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> given().baseUri(service).get("/slow-in-flight").then().extract().path("slow"), equalTo(EchoServices.POOL_SIZE));
        List<CompletableFuture<?>> gaveUp = new ArrayList<>();
        for (int i = 0; i < 2 * EchoServices.POOL_SIZE; i++) {
            gaveUp.add(HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/api/calls/count/abandoned")).header("Authorization", bearer)
                    .timeout(Duration.ofMillis(200)).build(), HttpResponse.BodyHandlers.discarding()).exceptionally(e -> null));
        }
        CompletableFuture.allOf(gaveUp.toArray(CompletableFuture[]::new)).join();
        assertThat(busy).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
        // The next caller waits behind the ones who gave up; the service has seen only this one.
        given().header("Authorization", bearer).get("/api/calls/count/abandoned")
                .then().statusCode(200).body("hits", equalTo(1));
    }

    @Test
    void aServiceThatDoesNotAnswerGets504AndItsConnectionsComeBack() {
        String bearer = KeycloakTokens.bearer("jinsha.office");
        List<CompletableFuture<HttpResponse<String>>> stalled = new ArrayList<>();
        for (int i = 0; i < EchoServices.POOL_SIZE; i++) {
            stalled.add(HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/api/calls/stalled")).header("Authorization", bearer)
                    .timeout(Duration.ofSeconds(4 * EchoServices.UPSTREAM_TIMEOUT_S)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(stalled).allSatisfy(f -> {
            HttpResponse<String> response = f.join();
            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("https://huying.io/problems/service-timeout", "the intake service did not answer in time");
        });
        // Every connection was taken by a stalled request; each was freed when its caller got the 504.
        given().header("Authorization", bearer).get("/api/calls/after-stall").then().time(lessThan(2_000L)).statusCode(200);
    }

    /** The status of a GET through the gateway; 0 when there is no answer within 3 s. */
    private int status(String bearer, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", bearer).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    @Test
    void aServerSentEventReachesTheClientPromptlyThroughTheGateway() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/tasks/stream"))
                .header("Authorization", KeycloakTokens.bearer("urban.section"))
                .header("Accept", "text/event-stream").build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("event: hello");
            assertThat(lines.readLine()).isEqualTo("data: {\"n\":1}");
        }
        // The echo server keeps the stream open for 15 s after its first event: a buffering proxy would wait.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void meDescribesTheCallerFromTheToken() {
        given().header("Authorization", KeycloakTokens.bearer("fengling.office")).get("/api/me")
                .then().statusCode(200)
                .body("username", equalTo("fengling.office"))
                .body("name", equalTo("陈晓红"))
                .body("roles", hasItem("community-office"))
                .body("unit.path", equalTo("/baiyun/jinsha/fengling"))
                .body("unit.level", equalTo("COMMUNITY"))
                .body("unit.name", startsWith("凤岭"))
                .body("locale", equalTo("zh-CN"));
    }

    @Test
    void theApiDocumentationIsPublic() {
        given().redirects().follow(false).get("/openapi/intake").then().statusCode(200).body("uri", equalTo("/q/openapi?format=json"))
                .body("authorization", nullValue());
        given().redirects().follow(false).get("/api-docs/").then().statusCode(200).contentType(containsString("text/html"));
    }
}
