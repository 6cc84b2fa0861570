package io.huying.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Channel;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.RequestType;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.CallAccepted;
import io.huying.contracts.events.CallMerged;
import io.huying.contracts.events.CallRejected;
import io.huying.contracts.events.FileRef;
import io.huying.contracts.events.Location;
import io.huying.contracts.events.Reporter;
import io.huying.contracts.schema.EventSchemas;
import io.huying.testing.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes a call's outcome on huying.calls exactly as intake's outbox relay does (CallEvents): one
 * event per call — accepted, merged or rejected — each checked against its JSON Schema first.
 */
final class AcceptedCalls implements AutoCloseable {
    private final TestEvents events;
    private final ObjectMapper json;
    private final EventSchemas schemas = new EventSchemas();

    AcceptedCalls(ObjectMapper json) {
        this.json = json;
        this.events = new TestEvents(json);
    }

    /** The photo uploaded with every test call (intake's upload, named by its id). */
    static final FileRef PHOTO = new FileRef(UUID.fromString("3f0c2b7e-6a1d-4c8e-9b2a-5d4e3f2a1b0c"), "占道.jpg", "image/jpeg", 48213,
            "/api/calls/attachments/3f0c2b7e-6a1d-4c8e-9b2a-5d4e3f2a1b0c");

    /**
     * 立项 — a new call of {@code category} raised by {@code raisingUnit}, accepted, with a reporter, a
     * position, an attachment URL and an uploaded photo.
     */
    CloudEvent accepted(String raisingUnit, String category, String grid) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        CallAccepted data = new CallAccepted(id, number(raisingUnit), raisingUnit, street(raisingUnit), raiser(raisingUnit), category,
                "2026.1", Urgency.URGENT, RequestType.COMPLAINT, "测试呼叫 " + category, "测试呼叫的描述",
                new Location("测试路1号", grid, 23.1852, 113.2671), new Reporter("李女士", "13800138000"),
                List.of("https://files.example.gov.cn/before.jpg"), Channel.GRID_INSPECTION, now, now, List.of(PHOTO));
        return CloudEvent.of("intake", EventTypes.CALL_ACCEPTED, id, now, json.valueToTree(data));
    }

    /** 合并 — a new call that duplicated the open call {@code into} and joined it. */
    CloudEvent merged(CloudEvent into) {
        CallAccepted open = data(into);
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        CallMerged data = new CallMerged(id, number(open.raisingUnit()), open.raisingUnit(), open.streetPath(), raiser(open.raisingUnit()),
                open.categoryCode(), open.urgency(), open.title(), open.location(), open.callId(), open.number(), now, now);
        return CloudEvent.of("intake", EventTypes.CALL_MERGED, id, now, json.valueToTree(data));
    }

    /** 不予立项 — a new call of a category no longer in use. */
    CloudEvent rejected(String raisingUnit, String category) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        CallRejected data = new CallRejected(id, number(raisingUnit), raisingUnit, street(raisingUnit), raiser(raisingUnit), category,
                Urgency.ROUTINE, "测试呼叫 " + category, CallRejected.CATEGORY_INACTIVE, "派单目录中的“" + category + "”已停用", now, now);
        return CloudEvent.of("intake", EventTypes.CALL_REJECTED, id, now, json.valueToTree(data));
    }

    void publish(CloudEvent event) {
        publishLocated(event);
    }

    /** Publishes, and says where the record landed (to wait until dispatch's consumer is past it). */
    RecordMetadata publishLocated(CloudEvent event) {
        assertThat(schemas.violations(json.valueToTree(event))).as("the fake " + event.type()).isEmpty();
        return events.publishLocated(Topics.CALLS, event);
    }

    private CallAccepted data(CloudEvent event) {
        try {
            return json.treeToValue(event.data(), CallAccepted.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String street(String raisingUnit) {
        String[] parts = raisingUnit.split("/");
        return parts.length > 2 ? "/" + parts[1] + "/" + parts[2] : raisingUnit;
    }

    private static String number(String raisingUnit) {
        return (street(raisingUnit).endsWith("songzhou") ? "SZ" : "JS") + "-20261127-" + (1000 + ThreadLocalRandom.current().nextInt(9000));
    }

    private static Actor raiser(String raisingUnit) {
        return new Actor("sub-1", "test.office", raisingUnit);
    }

    @Override
    public void close() {
        events.close();
    }
}
