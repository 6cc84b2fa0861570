package io.huying.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.Channel;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.RequestType;
import io.huying.contracts.Topics;
import io.huying.contracts.Urgency;
import io.huying.contracts.events.Actor;
import io.huying.contracts.events.CallAccepted;
import io.huying.contracts.events.Location;
import io.huying.testing.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Publishes huying.call.accepted.v1 events to the tests' broker exactly as intake's outbox relay does. */
final class AcceptedCalls implements AutoCloseable {
    private final TestEvents events;
    private final ObjectMapper json;

    AcceptedCalls(ObjectMapper json) {
        this.json = json;
        this.events = new TestEvents(json);
    }

    /** A CloudEvent for a new call of {@code category} raised by {@code raisingUnit}. */
    CloudEvent accepted(String raisingUnit, String category, String grid) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        String street = raisingUnit.split("/").length > 2 ? "/" + raisingUnit.split("/")[1] + "/" + raisingUnit.split("/")[2] : raisingUnit;
        String number = (street.endsWith("songzhou") ? "SZ" : "JS") + "-20261127-" + (1000 + ThreadLocalRandom.current().nextInt(9000));
        CallAccepted data = new CallAccepted(id, number, raisingUnit, street,
                new Actor("sub-1", "test.office", raisingUnit), category, "2026.1", Urgency.URGENT, RequestType.COMPLAINT,
                "测试呼叫 " + category, "测试呼叫的描述", new Location("测试路1号", grid, null, null), null, List.of(),
                Channel.GRID_INSPECTION, now, now);
        return CloudEvent.of("intake", EventTypes.CALL_ACCEPTED, id, now, json.valueToTree(data));
    }

    CloudEvent withType(CloudEvent event, String type) {
        return new CloudEvent(event.specversion(), UUID.randomUUID(), event.source(), type, event.time(), event.subject(),
                event.datacontenttype(), event.data());
    }

    void publish(CloudEvent event) {
        events.publish(Topics.CALLS, event);
    }

    @Override
    public void close() {
        events.close();
    }
}
