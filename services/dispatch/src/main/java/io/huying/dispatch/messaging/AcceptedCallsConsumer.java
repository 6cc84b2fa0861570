package io.huying.dispatch.messaging;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.CallAccepted;
import io.huying.dispatch.service.CallDispatch;
import io.huying.platform.inbox.ConsumedEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Accepted calls (立项) from huying.calls become dispatch cases; merged and rejected calls need no dispatch. */
@ApplicationScoped
public class AcceptedCallsConsumer {
    static final String CONSUMER = "dispatch";

    private final ConsumedEvents consumed;
    private final CallDispatch dispatch;

    public AcceptedCallsConsumer(ConsumedEvents consumed, CallDispatch dispatch) {
        this.consumed = consumed;
        this.dispatch = dispatch;
    }

    /** The accepted calls of a poll, applied together in one transaction; other call events need nothing from dispatch. */
    @Incoming("calls")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumed.consumeAll(CONSUMER, batch, event -> EventTypes.CALL_ACCEPTED.equals(event.type()), this::apply);
    }

    private Uni<Void> apply(List<CloudEvent> events) {
        return dispatch.onAccepted(events.stream().map(event -> consumed.data(event, CallAccepted.class)).toList());
    }
}
