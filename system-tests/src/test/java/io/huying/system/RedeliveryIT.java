package io.huying.system;

import static io.huying.system.Chain.as;
import static io.huying.system.Chain.awaitStatus;
import static io.huying.system.Chain.awaitTask;
import static io.huying.system.Chain.awaitVerification;
import static io.huying.system.Chain.complete;
import static io.huying.system.Chain.raise;
import static io.huying.system.Chain.signFor;
import static io.huying.system.Chain.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Topics;
import io.huying.system.Chain.Raised;
import io.huying.testing.LocalInfra;
import io.huying.testing.TestEvents;
import io.huying.testing.TopicProbe;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kafka delivers at least once: every event of a call delivered again changes nothing anywhere. */
class RedeliveryIT {
    private static final List<String> TOPICS = List.of(Topics.CALLS, Topics.TASKS, Topics.RESPONSES, Topics.FEEDBACK);
    private static final List<String> GROUPS = List.of("huying-dispatch", "huying-response", "huying-feedback", "huying-intake-timeline");

    @BeforeAll
    static void startTheSystem() {
        SystemUnderTest.start();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void redeliveringEveryEventOfACallChangesNothing() throws Exception {
        Raised call = walkEveryDetour();
        awaitNoLag();
        Map<String, Object> before = snapshot(call.id());
        Map<String, List<ConsumerRecord<String, String>>> records = recordsOf(call.id());
        Set<String> types = records.values().stream().flatMap(List::stream)
                .map(r -> new String(r.headers().lastHeader("huying-event-type").value())).collect(Collectors.toCollection(TreeSet::new));
        assertThat(types).contains("huying.call.accepted.v1", "huying.task.dispatched.v1", "huying.task.returned.v1",
                "huying.task.acknowledged.v1", "huying.task.progressed.v1", "huying.task.extension-requested.v1",
                "huying.task.extension-decided.v1", "huying.task.withdrawn.v1", "huying.task.completed.v1",
                "huying.verification.opened.v1", "huying.verification.reopened.v1", "huying.verification.closed.v1");

        try (TestEvents events = new TestEvents(new ObjectMapper())) {
            records.values().forEach(list -> list.forEach(events::redeliver));
        }
        awaitNoLag();
        assertThat(snapshot(call.id())).isEqualTo(before);
        Map<String, List<ConsumerRecord<String, String>>> after = recordsOf(call.id());
        for (String topic : TOPICS) {
            assertThat(after.get(topic)).as("records of the call on " + topic + " (originals + redeliveries, nothing new)")
                    .hasSize(2 * records.get(topic).size());
        }
    }

    /** 退回 → 重新派遣 → 签收 → 进展 → 延期申请 → 批准 → 改派 (撤回) → 办结 → 返工 → 办结 → 结案. */
    private static Raised walkEveryDetour() {
        Raised call = raise("fengling.office", "MD-01", CallChainIT.FENGLING + "/grid-01", "邻里因停车位发生纠纷");
        String first = awaitTask("peace.section", call.id(), CallChainIT.PEACE, "LEAD");
        as("peace.section", "response").body(Map.of("reasonCode", "NOT_OUR_AREA", "reason", "非治安事项"))
                .post("/api/tasks/" + first + "/return").then().statusCode(200);
        String second = awaitTask("civil.section", call.id(), CallChainIT.CIVIL, "LEAD");
        signFor("civil.section", second);
        as("civil.section", "response").body(Map.of("kind", "PROGRESS", "note", "已约双方调解"))
                .post("/api/tasks/" + second + "/notes").then().statusCode(200);
        as("civil.section", "response").body(Map.of("requestedDeadline", Instant.now().plus(7, ChronoUnit.DAYS).toString(), "reason", "当事人外出"))
                .post("/api/tasks/" + second + "/extension-requests").then().statusCode(200);
        String[] request = new String[1];
        Awaitility.await().atMost(Chain.WAIT).until(() -> {
            List<Map<String, Object>> pending = as("jinsha.dispatcher", "dispatch").get("/api/dispatch/extensions")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            request[0] = pending.stream().filter(x -> second.equals(x.get("taskId"))).map(x -> (String) x.get("id")).findFirst().orElse(null);
            return request[0] != null;
        });
        as("jinsha.dispatcher", "dispatch").body(Map.of("approved", true)).post("/api/dispatch/extensions/" + request[0])
                .then().statusCode(200);
        as("jinsha.dispatcher", "dispatch").body(Map.of("leadUnit", CallChainIT.PLANNING, "reason", "涉及车位规划，改派规划建设办"))
                .post("/api/dispatch/calls/" + call.id() + "/redispatch").then().statusCode(200);
        String third = awaitTask("planning.section", call.id(), CallChainIT.PLANNING, "LEAD");
        signFor("planning.section", third);
        complete("planning.section", third, "已重新划定车位");
        awaitVerification("fengling.office", call.id(), 1);
        verify("fengling.office", call.id(), false, "不满意");
        String rework = awaitTask("planning.section", call.id(), CallChainIT.PLANNING, "LEAD");
        signFor("planning.section", rework);
        complete("planning.section", rework, "已增设车位标识");
        awaitVerification("fengling.office", call.id(), 2);
        verify("fengling.office", call.id(), true, "满意");
        awaitStatus("fengling.office", call.id(), "CLOSED");
        return call;
    }

    /** What every service shows about the call, and how many rows each holds for it. */
    private static Map<String, Object> snapshot(String callId) {
        Map<String, Object> s = new HashMap<>();
        var call = as("fengling.office", "intake").get("/api/calls/" + callId).then().statusCode(200).extract().jsonPath();
        s.put("intake.status", call.getString("status"));
        s.put("intake.timeline", call.getList("timeline.label"));
        var dispatch = as("jinsha.dispatcher", "dispatch").get("/api/dispatch/calls/" + callId).then().statusCode(200).extract().jsonPath();
        s.put("dispatch.tasks", dispatch.getList("tasks.status"));
        s.put("dispatch.returns", dispatch.getInt("returns"));
        s.put("verifications", as("fengling.office", "feedback").get("/api/verifications").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.callId == '" + callId + "' }.status"));
        s.put("rows.timeline", LocalInfra.queryLong("intake_system", "select count(*) from call_timeline where call_id = ?::uuid", callId));
        s.put("rows.tasks", LocalInfra.queryLong("dispatch_system", "select count(*) from task where call_id = ?::uuid", callId));
        s.put("rows.extensions", LocalInfra.queryLong("dispatch_system", "select count(*) from extension_request where call_id = ?::uuid", callId));
        s.put("rows.inbox", LocalInfra.queryLong("response_system", "select count(*) from inbox_task where call_id = ?::uuid", callId));
        s.put("rows.activities", LocalInfra.queryLong("response_system",
                "select count(*) from task_activity a join inbox_task t on t.task_id = a.task_id where t.call_id = ?::uuid", callId));
        s.put("rows.verifications", LocalInfra.queryLong("feedback_system", "select count(*) from verification where call_id = ?::uuid", callId));
        for (String service : SystemUnderTest.SERVICES.keySet()) {
            s.put("rows.outbox." + service, LocalInfra.queryLong(service + "_system",
                    "select count(*) from huying_outbox where message_key = ?", callId));
        }
        return s;
    }

    private static Map<String, List<ConsumerRecord<String, String>>> recordsOf(String callId) {
        Map<String, List<ConsumerRecord<String, String>>> byTopic = new HashMap<>();
        for (String topic : TOPICS) {
            try (TopicProbe probe = TopicProbe.fromBeginning(LocalInfra.TEST_KAFKA.bootstrap(), topic)) {
                byTopic.put(topic, probe.drain(r -> callId.equals(r.key()), Duration.ofSeconds(2)));
            }
        }
        return byTopic;
    }

    /** Waits until every service's consumer group has consumed everything on the lifecycle topics. */
    private static void awaitNoLag() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.TEST_KAFKA.bootstrap());
        try (Admin admin = Admin.create(props)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                long lag = 0;
                for (String group : GROUPS) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                    var ends = admin.listOffsets(latest).all().get();
                    for (var e : committed.entrySet()) {
                        lag += ends.get(e.getKey()).offset() - (e.getValue() == null ? 0 : e.getValue().offset());
                    }
                }
                return lag == 0;
            });
        }
        SystemUnderTest.sleep(500);
    }
}
