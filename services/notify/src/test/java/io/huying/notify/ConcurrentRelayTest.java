package io.huying.notify;

import static io.huying.notify.Events.URBAN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.TaskDispatched;
import io.huying.notify.service.DeliveryRelay;
import io.huying.testing.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Relays of several replicas (here: three more besides the service's own) send each delivery once. */
@QuarkusTest
class ConcurrentRelayTest {
    private static final int TASKS = 30;

    @Inject
    ObjectMapper json;
    @Inject
    DeliveryRelay relay;

    @Test
    void concurrentRelaysSendEachDeliveryExactlyOnce() throws Exception {
        List<TaskDispatched> tasks = new ArrayList<>();
        try (Events events = new Events(json)) {
            for (int i = 0; i < TASKS; i++) {
                TaskDispatched task = events.dispatched(URBAN, Urgency.URGENT);
                tasks.add(task);
                events.publishTask(events.event(task));
            }
        }
        String last = tasks.get(TASKS - 1).number();
        Awaitility.await("deliveries queued").atMost(Bell.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> LocalInfra.queryLong(NotifyTestInfra.DATABASE,
                        "select count(*) from notification_delivery d join notification n on n.id = d.notification_id where n.number = ?",
                        last) == 1);

        ExecutorService replicas = Executors.newFixedThreadPool(3);
        try {
            Callable<Integer> replica = () -> {
                int sent = 0;
                for (int round = 0; round < 20; round++) {
                    try {
                        sent += VertxContextSupport.subscribeAndAwait(relay::sendDue);
                    } catch (Throwable failure) {
                        throw new IllegalStateException("a relay round failed", failure);
                    }
                }
                return sent;
            };
            List<Future<Integer>> results = List.of(replicas.submit(replica), replicas.submit(replica), replicas.submit(replica));
            for (Future<Integer> result : results) {
                result.get();
            }
        } finally {
            replicas.shutdown();
        }

        for (TaskDispatched task : tasks) {
            Awaitility.await("mail about " + task.number()).atMost(Bell.WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> !GreenMailResource.received(task.number()).isEmpty());
        }
        Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
        for (TaskDispatched task : tasks) {
            assertThat(GreenMailResource.received(task.number())).as("mails about " + task.number()).hasSize(1);
        }
    }
}
