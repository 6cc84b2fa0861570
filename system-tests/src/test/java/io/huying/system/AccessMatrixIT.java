package io.huying.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.huying.system.Chain.Raised;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
