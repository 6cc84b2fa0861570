package io.huying.intake;

import static io.huying.intake.CallRequests.FENGLING;
import static io.huying.intake.CallRequests.JINSHA;
import static io.huying.intake.CallRequests.PINGLE;
import static io.huying.intake.CallRequests.SONGBEI;
import static io.huying.intake.CallRequests.allAtOnce;
import static io.huying.intake.CallRequests.body;
import static io.huying.intake.CallRequests.raise;
import static org.assertj.core.api.Assertions.assertThat;

import io.huying.intake.service.CallIntake;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * A raise reuses Hibernate's query plans: its native selects are written so that Hibernate keeps one
 * plan for each, or none (a native select of one text column, such as the Idempotency-Key claim's, left a
 * new, never reused plan at every execution, and the cache's look-ups slowed with them: NativeScalars),
 * and raises written together go as one group. Half the raises carry an Idempotency-Key, as the console's do.
 */
@QuarkusTest
class QueryPlansTest {
    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    CallIntake intake;

    @Test
    void raisesAddNoQueryPlansAndGoTogetherAsGroups() throws Exception {
        // Once each path has run, its plans are cached: single raises and groups, in one street and in two.
        // Fresh (category, grid) pairs of a unit run out over the test run: the raises are spread over four
        // units, in two streets (金沙: 凤岭, 平乐 and the street office; 松洲: 松北).
        raiseAll(List.of(PINGLE, SONGBEI));
        raiseAll(List.of(FENGLING, PINGLE, SONGBEI, JINSHA, PINGLE, SONGBEI));
        long plans = cachedPlans();
        long split = intake.splitGroups();

        for (int round = 0; round < 3; round++) {
            raiseAll(List.of(SONGBEI));
            raiseAll(List.of(PINGLE, SONGBEI, JINSHA, SONGBEI, FENGLING, PINGLE));
        }

        assertThat(cachedPlans()).as("query plans cached after 21 more raises").isLessThanOrEqualTo(plans + 2);
        assertThat(intake.splitGroups()).as("groups that failed and were written one by one").isEqualTo(split);
    }

    /**
     * Raises a fresh call for each user, all at once (so that they are written together), every other one
     * with an Idempotency-Key; each 201.
     */
    private static void raiseAll(List<String> users) throws Exception {
        List<Callable<Response>> requests = new ArrayList<>();
        for (String user : users) {
            Map<String, Object> body = body(user);
            requests.add(requests.size() % 2 == 0 ? () -> raise(user, "plans-" + UUID.randomUUID(), body) : () -> raise(user, body));
        }
        assertThat(allAtOnce(requests)).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(201));
    }

    private long cachedPlans() throws ReflectiveOperationException {
        Object factory = ClientProxy.unwrap(sessions);
        Field delegate = factory.getClass().getDeclaredField("delegate");
        delegate.setAccessible(true);
        return ((SessionFactoryImplementor) delegate.get(factory)).getQueryEngine().getInterpretationCache().getNumberOfCachedQueryPlans();
    }
}
