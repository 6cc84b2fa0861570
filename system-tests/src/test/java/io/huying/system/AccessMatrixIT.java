package io.huying.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.system.Chain.Raised;
import io.huying.testing.KeycloakTokens;
import io.huying.testing.LocalInfra;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * g. The access matrix (docs/reliability.md): one call of 凤岭社区 (own unit), handled by 金沙街道城管科,
 * and every kind of user of the realm — the raiser, a sibling community, the street above (parent), a
 * street elsewhere, the dispatchers of the street and the district, the handling section, a sibling
 * section, a district department, ops of the street and the district, and the three administrators —
 * against the operations that touch it and the administrators' own. Each cell is the HTTP status; the
 * table is printed and must equal the one in docs/reliability.md.
 *
 * <p>And the role gate of every endpoint: each operation of every service's OpenAPI document, asked by
 * one user of each role and by nobody, must let through exactly the roles {@link Gates} names for it
 * (any answer but 401/403 — a 404 for an id that does not exist is through), refuse the others with
 * 403 and nobody with 401 (but let nobody through where the gate says PUBLIC: Open311), never answer 5xx; an operation without a line in {@link Gates} fails the
 * test, so a new endpoint cannot ship without a decision on who may call it.
 */
class AccessMatrixIT {
    private static final String FENGLING = CallChainIT.FENGLING;
    private static final String URBAN = CallChainIT.URBAN;
    private static final List<String> USERS = List.of("fengling.office", "pingle.office", "jinsha.office", "songzhou.office",
            "jinsha.dispatcher", "baiyun.dispatcher", "urban.section", "peace.section", "housing.dept", "jinsha.ops", "baiyun.ops",
            "huying.admin", "huying.security", "huying.auditor");

    @BeforeAll
    static void startTheSystem() {
        SystemUnderTest.start();
    }

    @Test
    void onlyTheAllowedCombinationsSucceed() {
        Raised call = Chain.raise("fengling.office", "ZY-01", FENGLING + "/grid-02", "凤岭社区绿化带枯死树木");
        String task = Chain.awaitTask("jinsha.dispatcher", call.id(), URBAN, "LEAD");
        Chain.signFor("urban.section", task); // notes follow 签收

        Map<String, BiFunction<String, String, Integer>> operations = new LinkedHashMap<>();
        operations.put("GET call", (user, x) -> Chain.as(user, "intake").get("/api/calls/" + call.id()).statusCode());
        operations.put("reveal reporter (call)", (user, x) -> Chain.as(user, "intake").body(Map.of("reason", "权限矩阵测试"))
                .post("/api/calls/" + call.id() + "/reporter/reveal").statusCode());
        operations.put("GET dispatch", (user, x) -> Chain.as(user, "dispatch").get("/api/dispatch/calls/" + call.id()).statusCode());
        operations.put("GET task", (user, x) -> Chain.as(user, "response").get("/api/tasks/" + task).statusCode());
        operations.put("note on task", (user, x) -> Chain.as(user, "response").body(Map.of("kind", "PROGRESS", "note", "权限矩阵测试"))
                .post("/api/tasks/" + task + "/notes").statusCode());
        operations.put("reveal reporter (task)", (user, x) -> Chain.as(user, "response").body(Map.of("reason", "权限矩阵测试"))
                .post("/api/tasks/" + task + "/reporter/reveal").statusCode());
        operations.put("SLA board", (user, x) -> Chain.as(user, "sla").get("/api/sla/board").statusCode());
        operations.put("dead letters", (user, x) -> Chain.as(user, "sla").get("/api/admin/dead-letters").statusCode());
        operations.put("audit log", (user, x) -> Chain.as(user, "intake").get("/api/admin/services/intake/audit").statusCode());

        Map<String, List<Integer>> matrix = new LinkedHashMap<>();
        for (String user : USERS) {
            List<Integer> row = new ArrayList<>();
            operations.values().forEach(op -> row.add(op.apply(user, null)));
            matrix.put(user, row);
        }
        StringBuilder table = new StringBuilder("| user | " + String.join(" | ", operations.keySet()) + " |\n|---|");
        operations.keySet().forEach(k -> table.append("---|"));
        matrix.forEach((user, row) -> table.append("\n| ").append(user).append(" | ")
                .append(String.join(" | ", row.stream().map(String::valueOf).toList())).append(" |"));
        System.out.println("access matrix:\n" + table);

        assertThat(matrix).isEqualTo(EXPECTED);
    }

    @Test
    void everyEndpointLetsThroughExactlyTheRolesItIsFor() throws Exception {
        Map<String, Set<String>> gates = Gates.ALLOWED;
        Set<String> onlyRefusalsTried = Gates.ONLY_REFUSALS_TRIED;
        Map<String, String> tokens = new LinkedHashMap<>();
        Gates.ROLE_USERS.forEach((role, user) -> tokens.put(role, KeycloakTokens.accessToken(user)));

        List<String> wrong = new ArrayList<>();
        Set<String> undecided = new TreeSet<>();
        StringBuilder table = new StringBuilder("| service | operation | nobody | " + String.join(" | ", Gates.ROLE_USERS.keySet()) + " |\n|---|---|---|");
        Gates.ROLE_USERS.keySet().forEach(r -> table.append("---|"));
        int asked = 0;
        for (String service : SystemUnderTest.runningServices()) {
            JsonNode paths = JSON.readTree(send("GET", SystemUnderTest.url(service) + "/q/openapi?format=json", null, false).body).path("paths");
            for (var path : (Iterable<Map.Entry<String, JsonNode>>) paths::fields) {
                for (var method : (Iterable<Map.Entry<String, JsonNode>>) path.getValue()::fields) {
                    String operation = method.getKey().toUpperCase() + " " + path.getKey();
                    Set<String> allowed = gates.get(operation);
                    if (allowed == null) {
                        undecided.add(service + ": " + operation);
                        continue;
                    }
                    String url = SystemUnderTest.url(service) + filled(path.getKey(), service);
                    String verb = method.getKey().toUpperCase();
                    boolean multipart = method.getValue().path("requestBody").path("content").has("multipart/form-data");
                    List<String> row = new ArrayList<>();
                    Answer nobody = send(verb, url, null, multipart);
                    asked++;
                    row.add(String.valueOf(nobody.status));
                    boolean open = allowed.contains(Gates.PUBLIC);
                    if (open ? nobody.status == 401 || nobody.status == 403 || nobody.status >= 500 : nobody.status != 401) {
                        wrong.add(service + " " + operation + " without a token → " + nobody.status);
                    }
                    for (Map.Entry<String, String> role : tokens.entrySet()) {
                        boolean through = allowed.contains(role.getKey());
                        if (through && onlyRefusalsTried.contains(operation)) {
                            row.add("(not tried)");
                            continue;
                        }
                        Answer answer = send(verb, url, role.getValue(), multipart);
                        asked++;
                        row.add(String.valueOf(answer.status));
                        boolean refused = answer.status == 401 || answer.status == 403;
                        if (answer.status >= 500 || refused == through) {
                            wrong.add(service + " " + operation + " as " + role.getKey() + " → " + answer.status
                                    + (through ? " (let through by its gate)" : " (to be refused)") + " " + abbreviate(answer.body));
                        }
                    }
                    table.append("\n| ").append(service).append(" | `").append(operation).append("` | ").append(String.join(" | ", row)).append(" |");
                }
            }
        }
        Path report = LocalInfra.repositoryRoot().resolve("system-tests/target/access-matrix.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table + "\n");
        System.out.printf("access matrix of every endpoint: %d requests; written to %s%n", asked, report);
        assertThat(undecided).as("operations with no line in Gates").isEmpty();
        assertThat(wrong).as("answers the gates do not allow").isEmpty();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Answer(int status, String body) {
    }

    /**
     * One request; for a write, a body of the media type the operation takes that does not parse (JSON)
     * or holds no file (multipart), so that a role let through is answered 400 and nothing is done. A
     * stream is read no further than its status.
     */
    private static Answer send(String method, String url, String token, boolean multipart) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (method.equals("GET")) {
            request.GET();
        } else if (multipart) {
            request.header("Content-Type", "multipart/form-data; boundary=x").method(method, HttpRequest.BodyPublishers.ofString("--x--\r\n"));
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{"));
        }
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String body;
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            body = "(a stream)";
        } else {
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        response.body().close();
        return new Answer(response.statusCode(), body);
    }

    /** The path with its parameters filled: the answering service's name, a year, or an id that does not exist. */
    private static String filled(String path, String service) {
        return path.replace("{service}", service).replace("{year}", "2026").replace("{topic}", "huying.calls").replace("{format}", "json")
                .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    /** The rule, cell by cell (docs/reliability.md explains each column). */
    private static final Map<String, List<Integer>> EXPECTED = new LinkedHashMap<>();

    static {
        // 404 where the call lies outside the user's units (its existence is private), 403 where the role may not.
        //                                          call reveal dispatch task note reveal board dlq  audit
        EXPECTED.put("fengling.office", List.of(   200, 200,   200,     404, 403, 403,   403,  403, 403));
        EXPECTED.put("pingle.office", List.of(     404, 404,   404,     404, 403, 403,   403,  403, 403));
        EXPECTED.put("jinsha.office", List.of(     200, 403,   200,     200, 403, 403,   403,  403, 403));
        EXPECTED.put("songzhou.office", List.of(   404, 404,   404,     404, 403, 403,   403,  403, 403));
        EXPECTED.put("jinsha.dispatcher", List.of( 200, 403,   200,     200, 403, 403,   403,  403, 403));
        EXPECTED.put("baiyun.dispatcher", List.of( 200, 403,   200,     200, 403, 403,   403,  403, 403));
        EXPECTED.put("urban.section", List.of(     404, 403,   200,     200, 200, 200,   403,  403, 403));
        EXPECTED.put("peace.section", List.of(     404, 403,   200,     404, 404, 404,   403,  403, 403));
        EXPECTED.put("housing.dept", List.of(      404, 403,   404,     404, 404, 404,   403,  403, 403));
        EXPECTED.put("jinsha.ops", List.of(        200, 403,   200,     200, 403, 403,   200,  403, 403));
        EXPECTED.put("baiyun.ops", List.of(        200, 403,   200,     200, 403, 403,   200,  403, 403));
        EXPECTED.put("huying.admin", List.of(      200, 403,   200,     200, 403, 403,   200,  200, 403));
        EXPECTED.put("huying.security", List.of(   403, 403,   403,     403, 403, 403,   403,  403, 403));
        EXPECTED.put("huying.auditor", List.of(    403, 403,   403,     403, 403, 403,   403,  403, 200));
    }
}
