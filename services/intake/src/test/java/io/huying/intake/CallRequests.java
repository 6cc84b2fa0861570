package io.huying.intake;

import static io.restassured.RestAssured.given;

import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryCatalogue;
import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.OrgUnit;
import io.huying.contracts.reference.UnitLevel;
import io.huying.testing.KeycloakTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Builds raise-call requests for the demo users of the realm.
 *
 * <p>Tests run with the production duplicate window (24 h): an open call absorbs a new one of the same
 * street and category at the same grid or address. So every body built here is a case of its own: a
 * unique address and a (category, grid) pair no other body of this test run has had. The database
 * starts empty with the application (Flyway cleans it), so no earlier call can absorb it either. A test
 * that wants a duplicate says so ({@link #duplicateOf}).
 */
final class CallRequests {
    static final String FENGLING = "fengling.office";
    static final String PINGLE = "pingle.office";
    static final String JINSHA = "jinsha.office";
    static final String SONGBEI = "songbei.office";
    static final String URBAN_SECTION = "urban.section";
    static final String OPS = "baiyun.ops";
    /** 网格员 of 凤岭's grid-01 and grid-02. */
    static final String GRID_WORKER = "fengling.grid1";
    /** 巡防 of 凤岭社区. */
    static final String PATROL = "fengling.patrol";

    /** The unit of each raising demo user (the realm's org_path claim). */
    private static final Map<String, String> UNITS = Map.of(
            FENGLING, "/baiyun/jinsha/fengling",
            GRID_WORKER, "/baiyun/jinsha/fengling",
            PATROL, "/baiyun/jinsha/fengling",
            PINGLE, "/baiyun/jinsha/pingle",
            JINSHA, "/baiyun/jinsha",
            SONGBEI, "/baiyun/songzhou/songbei");
    private static final CategoryCatalogue CATALOGUE = CategoryCatalogue.load();
    private static final OrgTree ORG_TREE = OrgTree.load();
    /** The (category, grid) pairs handed out so far; guarded by itself. */
    private static final Set<String> TAKEN = new HashSet<>();

    private CallRequests() {
    }

    /** A valid body of the 凤岭社区 office that merges with no other call. */
    static Map<String, Object> body() {
        return body(FENGLING);
    }

    /** A valid body for {@code user}'s unit that merges with no other call. */
    static Map<String, Object> body(String user) {
        String[] fresh = freshCase(user, category -> true, grid -> true);
        return body(fresh[0], fresh[1]);
    }

    /** A valid body for {@code user}'s unit at {@code grid}, through {@code channel}, that merges with no other call. */
    static Map<String, Object> bodyAt(String user, String grid, String channel) {
        String[] fresh = freshCase(user, category -> true, grid::equals);
        Map<String, Object> body = body(fresh[0], fresh[1]);
        body.put("channel", channel);
        return body;
    }

    /** As {@link #body(String)}, in {@code category}. */
    static Map<String, Object> bodyIn(String user, String category) {
        String[] fresh = freshCase(user, category::equals, grid -> true);
        return body(fresh[0], fresh[1]);
    }

    /** Bodies for {@code user}'s unit at {@code grids} different grids, all in one category, none merging with another call. */
    static List<Map<String, Object>> bodiesInOneCategory(String user, int grids) {
        List<String> unitGrids = gridsOf(user, grid -> true);
        synchronized (TAKEN) {
            for (Category category : CATALOGUE.categories()) {
                List<String> free = unitGrids.stream().filter(grid -> !TAKEN.contains(category.code() + " " + grid)).limit(grids).toList();
                if (category.active() && free.size() == grids) {
                    free.forEach(grid -> TAKEN.add(category.code() + " " + grid));
                    return free.stream().map(grid -> body(category.code(), grid)).toList();
                }
            }
        }
        throw new IllegalStateException("no category has " + grids + " unused grids in the unit of " + user);
    }

    /** The same grid and address as {@code original}, in another category: a case of its own. */
    static Map<String, Object> otherCategoryThan(String user, Map<String, Object> original) {
        String[] fresh = freshCase(user, category -> !category.equals(original.get("categoryCode")), gridOf(original)::equals);
        Map<String, Object> body = body(fresh[0], fresh[1]);
        location(body).put("address", addressOf(original));
        return body;
    }

    /** Another report of the same case: same category and grid, another address (事件立项 merges it). */
    static Map<String, Object> duplicateOf(Map<String, Object> original) {
        return body((String) original.get("categoryCode"), gridOf(original));
    }

    static String gridOf(Map<String, Object> body) {
        return (String) location(body).get("gridPath");
    }

    static String addressOf(Map<String, Object> body) {
        return (String) location(body).get("address");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> location(Map<String, Object> body) {
        return (Map<String, Object>) body.get("location");
    }

    private static Map<String, Object> body(String category, String grid) {
        Map<String, Object> location = new HashMap<>();
        location.put("address", "凤岭路" + UUID.randomUUID().toString().substring(0, 8) + "号");
        location.put("gridPath", grid);
        location.put("latitude", 23.21);
        location.put("longitude", 113.27);
        Map<String, Object> body = new HashMap<>();
        body.put("categoryCode", category);
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

    /** An active (category, grid) pair within {@code user}'s unit no other body of this run has: {category, grid}. */
    static String[] freshCase(String user) {
        return freshCase(user, category -> true, grid -> true);
    }

    /** The first active (category, grid) pair within {@code user}'s unit not handed out before: {category, grid}. */
    private static String[] freshCase(String user, Predicate<String> categories, Predicate<String> grids) {
        String unit = UNITS.get(user);
        List<String> unitGrids = gridsOf(user, grids);
        synchronized (TAKEN) {
            for (Category category : CATALOGUE.categories()) {
                if (!category.active() || !categories.test(category.code())) {
                    continue;
                }
                for (String grid : unitGrids) {
                    if (TAKEN.add(category.code() + " " + grid)) {
                        return new String[] {category.code(), grid};
                    }
                }
            }
        }
        // Reusing a pair would make the call a duplicate of an open one: fail rather than test something else.
        throw new IllegalStateException("every (category, grid) pair of " + unit + " asked for has been used by this test run;"
                + " raise the extra calls as another unit");
    }

    private static List<String> gridsOf(String user, Predicate<String> grids) {
        String unit = UNITS.get(user);
        if (unit == null) {
            throw new IllegalArgumentException(user + " raises no calls");
        }
        return ORG_TREE.units().stream()
                .filter(u -> u.level() == UnitLevel.GRID && u.path().startsWith(unit + "/") && grids.test(u.path()))
                .map(OrgUnit::path).toList();
    }

    static RequestSpecification as(String user) {
        return given().header("Authorization", KeycloakTokens.bearer(user));
    }

    static Response raise(String user, Object body) {
        return as(user).contentType(ContentType.JSON).body(body).post("/api/calls");
    }

    /** A call just raised (201) by the user, with a fresh body. */
    static Raised raised(String user) {
        Response created = raise(user, body());
        String id = created.then().statusCode(201).extract().path("id");
        return new Raised(id, UUID.fromString(id), created.path("number"));
    }

    record Raised(String id, UUID callId, String number) {
    }

    static Response raise(String user, String idempotencyKey, Object body) {
        return as(user).contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey).body(body).post("/api/calls");
    }

    static String newKey() {
        return "test-" + UUID.randomUUID();
    }

    /** Sends {@code n} copies of {@code request} from as many threads, released at the same moment; their answers. */
    static List<Response> allAtOnce(int n, Callable<Response> request) throws Exception {
        return allAtOnce(Collections.nCopies(n, request));
    }

    /** Sends the requests from a thread each, released at the same moment; their answers in the same order. */
    static List<Response> allAtOnce(List<Callable<Response>> requests) throws Exception {
        int n = requests.size();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (Callable<Response> request : requests) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return request.call();
                }));
            }
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
