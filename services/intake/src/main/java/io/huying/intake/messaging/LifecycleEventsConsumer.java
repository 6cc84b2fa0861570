package io.huying.intake.messaging;

import io.huying.intake.service.Timeline;
import io.huying.platform.inbox.ConsumedEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Every lifecycle topic feeds the raiser's timeline (one channel per topic, so each has its own dead-letter topic). */
@ApplicationScoped
public class LifecycleEventsConsumer {
    static final String CONSUMER = "intake-timeline";

    private final ConsumedEvents consumed;
    private final Timeline timeline;

    public LifecycleEventsConsumer(ConsumedEvents consumed, Timeline timeline) {
        this.consumed = consumed;
        this.timeline = timeline;
    }

    @Incoming("timeline-calls")
    public Uni<Void> calls(Message<String> message) {
        return project(message);
    }

    @Incoming("timeline-tasks")
    public Uni<Void> tasks(Message<String> message) {
        return project(message);
    }

    @Incoming("timeline-responses")
    public Uni<Void> responses(Message<String> message) {
        return project(message);
    }

    @Incoming("timeline-feedback")
    public Uni<Void> feedback(Message<String> message) {
        return project(message);
    }

    private Uni<Void> project(Message<String> message) {
        return consumed.consume(CONSUMER, message, timeline::project).replaceWithVoid();
    }
}
