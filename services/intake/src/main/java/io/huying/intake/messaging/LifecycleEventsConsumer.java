package io.huying.intake.messaging;

import io.huying.intake.service.Timeline;
import io.huying.platform.inbox.ConsumedEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Every lifecycle topic feeds the raiser's timeline (one channel per topic, so each has its own dead-letter topic). */
@ApplicationScoped
public class LifecycleEventsConsumer {
    private final ConsumedEvents consumed;
    private final Timeline timeline;

    public LifecycleEventsConsumer(ConsumedEvents consumed, Timeline timeline) {
        this.consumed = consumed;
        this.timeline = timeline;
    }

    @Incoming("timeline-calls")
    public Uni<Void> calls(KafkaRecordBatch<String, String> batch) {
        return project(batch);
    }

    @Incoming("timeline-tasks")
    public Uni<Void> tasks(KafkaRecordBatch<String, String> batch) {
        return project(batch);
    }

    @Incoming("timeline-responses")
    public Uni<Void> responses(KafkaRecordBatch<String, String> batch) {
        return project(batch);
    }

    @Incoming("timeline-feedback")
    public Uni<Void> feedback(KafkaRecordBatch<String, String> batch) {
        return project(batch);
    }

    private Uni<Void> project(KafkaRecordBatch<String, String> batch) {
        return consumed.consume(Timeline.CONSUMER, batch, timeline::project);
    }
}
