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
import io.huying.testing.ConsumerProgress;
import io.huying.testing.LocalInfra;
import io.huying.testing.TestEvents;
import io.huying.testing.TopicProbe;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kafka delivers at least once: every event of a call delivered again changes nothing anywhere. */
class RedeliveryIT {
    /** The lifecycle topics and the consumer groups of the packaged services that read each (their application.properties). */
    private static final Map<String, List<String>> CONSUMERS = new LinkedHashMap<>();

    static {
        CONSUMERS.put(Topics.CALLS, List.of("huying-dispatch", "huying-intake-timeline", "huying-sla"));
        CONSUMERS.put(Topics.TASKS, List.of("huying-response", "huying-intake-timeline", "huying-sla"));
        CONSUMERS.put(Topics.RESPONSES, List.of("huying-dispatch", "huying-feedback", "huying-intake-timeline", "huying-sla"));
        CONSUMERS.put(Topics.FEEDBACK, List.of("huying-dispatch", "huying-intake-timeline", "huying-sla"));
    }

    @BeforeAll
    static void startTheSystem() {
        SystemUnderTest.start();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void redeliveringEveryEventOfACallChangesNothing() throws Exception {
        Raised call = walkEveryDetour();
        Map<String, List<ConsumerRecord<String, String>>> records = settled(call.id());
        Map<String, Object> before = snapshot(call.id());
        Set<String> types = records.values().stream().flatMap(List::stream)
                .map(r -> new String(r.headers().lastHeader("huying-event-type").value())).collect(Collectors.toCollection(TreeSet::new));
        assertThat(types).contains("huying.call.accepted.v1", "huying.task.dispatched.v1", "huying.task.returned.v1",
                "huying.task.acknowledged.v1", "huying.task.progressed.v1", "huying.task.extension-requested.v1",
                "huying.task.extension-decided.v1", "huying.task.withdrawn.v1", "huying.task.completed.v1",
                "huying.verification.opened.v1", "huying.verification.reopened.v1", "huying.verification.closed.v1");

        try (TestEvents events = new TestEvents(new ObjectMapper())) {
            records.values().forEach(list -> list.forEach(events::redeliver));
        }
        Map<String, List<ConsumerRecord<String, String>>> after = settled(call.id());
        assertThat(snapshot(call.id())).isEqualTo(before);
        for (String topic : CONSUMERS.keySet()) {
            // The outboxes publish at least once: what counts is the events (CloudEvent ids), not the records.
            assertThat(eventIds(after.get(topic))).as("events of the call on " + topic + ": the same, nothing new")
                    .isEqualTo(eventIds(records.get(topic)));
            assertThat(after.get(topic)).as("records of the call on " + topic + ", the redeliveries among them")
                    .hasSizeGreaterThanOrEqualTo(2 * records.get(topic).size());
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
        String rework = awaitTask("planning.section", call.id(), CallChainIT.PLANNING, "LEAD", third);
        signFor("planning.section", rework);
        complete("planning.section", rework, "已增设车位标识");
        awaitVerification("fengling.office", call.id(), 2);
        verify("fengling.office", call.id(), true, "满意");
        awaitStatus("fengling.office", call.id(), "CLOSED");
        return call;
    }

    private static Set<String> eventIds(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(TopicProbe::eventId).collect(Collectors.toCollection(TreeSet::new));
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
        s.put("rows.sla.clocks", LocalInfra.queryLong("sla_system", "select count(*) from sla_clock where call_id = ?::uuid", callId));
        s.put("rows.sla.running", LocalInfra.queryLong("sla_system",
                "select count(*) from sla_clock where call_id = ?::uuid and state <> 'STOPPED'", callId));
        s.put("rows.sla.taskFacts", LocalInfra.queryLong("sla_system", "select count(*) from sla_task_fact where call_id = ?::uuid", callId));
        return s;
    }

    /**
     * The call's records on each lifecycle topic once the system is done with them: every consumer group
     * that reads the topic has processed the call's last record there, and no service holds an event of
     * the call it has yet to publish. A consumer writes the events it causes to its outbox in the
     * transaction that processes the record, so after that an event caused by the call's records is
     * either still in an outbox or on Kafka; the records are read again until a round finds nothing new.
     * Each step waits for a condition (committed offsets, empty outboxes, end offsets), never for time.
     */
    private static Map<String, List<ConsumerRecord<String, String>>> settled(String callId) {
        Map<String, List<ConsumerRecord<String, String>>> known = Map.of();
        while (true) {
            awaitPublished(callId);
            Map<String, List<ConsumerRecord<String, String>>> now = recordsOf(callId);
            if (offsets(now).equals(offsets(known))) {
                return now;
            }
            now.forEach((topic, records) -> {
                if (!records.isEmpty()) {
                    // The call's last record on the topic: its groups commit past it only once they have processed
                    // it and, the call's key keeping one partition, every record of the call before it.
                    ConsumerRecord<String, String> last = records.get(records.size() - 1);
                    RecordMetadata at = new RecordMetadata(new TopicPartition(last.topic(), last.partition()), last.offset(), 0,
                            last.timestamp(), -1, -1);
                    CONSUMERS.get(topic).forEach(group -> ConsumerProgress.awaitConsumed(group, at, Duration.ofSeconds(60)));
                }
            });
            known = now;
        }
    }

    private static Map<String, List<Long>> offsets(Map<String, List<ConsumerRecord<String, String>>> records) {
        Map<String, List<Long>> offsets = new HashMap<>();
        records.forEach((topic, list) -> offsets.put(topic, list.stream().map(ConsumerRecord::offset).toList()));
        return offsets;
    }

    /** The call's records on each lifecycle topic: all the topic holds now, read to its end offsets. */
    private static Map<String, List<ConsumerRecord<String, String>>> recordsOf(String callId) {
        Map<String, List<ConsumerRecord<String, String>>> byTopic = new HashMap<>();
        for (String topic : CONSUMERS.keySet()) {
            try (TopicProbe probe = TopicProbe.fromBeginning(LocalInfra.TEST_KAFKA.bootstrap(), topic)) {
                byTopic.put(topic, probe.toEnd(r -> callId.equals(r.key())));
            }
        }
        return byTopic;
    }

    /** Waits until no service's outbox holds an event of the call (the relay deletes a row once Kafka has it). */
    private static void awaitPublished(String callId) {
        Awaitility.await("every event of call " + callId + " published").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> SystemUnderTest.SERVICES.keySet().stream()
                        .allMatch(service -> LocalInfra.queryLong(service + "_system",
                                "select count(*) from huying_outbox where message_key = ?", callId) == 0));
    }
}
