package io.huying.intake.messaging;

import io.huying.intake.service.Timeline;
import io.huying.platform.inbox.ConsumedEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Every lifecycle topic feeds the raiser's timeline, through one channel (a poison event goes to its own topic's dead-letter topic). */
@ApplicationScoped
public class LifecycleEventsConsumer {
    private final ConsumedEvents consumed;
    private final Timeline timeline;

    public LifecycleEventsConsumer(ConsumedEvents consumed, Timeline timeline) {
        this.consumed = consumed;
        this.timeline = timeline;
    }

    @Incoming("timeline")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return project(batch);
    }

    private Uni<Void> project(KafkaRecordBatch<String, String> batch) {
        return consumed.consumeAll(Timeline.CONSUMER, batch, Timeline::projects, timeline::projectAll);
    }
}
