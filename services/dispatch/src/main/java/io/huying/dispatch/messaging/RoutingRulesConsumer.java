package io.huying.dispatch.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.CloudEvent;
import io.huying.contracts.EventTypes;
import io.huying.contracts.events.RoutingRulesChanged;
import io.huying.dispatch.service.RoutingRuleBook;
import io.huying.platform.inbox.TolerantJson;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every instance of dispatch, in a consumer group of its own, takes each new version of the routing rules
 * announced on huying.tasks (派单规则变更); the other records of the topic are passed over by their key
 * without being read.
 */
@ApplicationScoped
public class RoutingRulesConsumer {
    private static final String KEY = RoutingRulesChanged.SUBJECT.toString();

    private final RoutingRuleBook book;
    private final ObjectMapper json;

    public RoutingRulesConsumer(RoutingRuleBook book, ObjectMapper json) {
        this.book = book;
        this.json = TolerantJson.of(json);
    }

    @Incoming("routing-rules")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        for (KafkaRecord<String, String> record : batch) {
            if (!KEY.equals(record.getKey())) {
                continue;
            }
            try {
                CloudEvent event = json.readValue(record.getPayload(), CloudEvent.class);
                if (EventTypes.DISPATCH_ROUTING_RULES_CHANGED.equals(event.type())) {
                    book.apply(json.treeToValue(event.data(), RoutingRulesChanged.class));
                }
            } catch (Exception e) {
                // The database holds every version: the next look there takes it (RoutingRuleBook.check).
                Log.warnf("an announcement of the routing rules could not be read: %s", e.getMessage());
            }
        }
        return Uni.createFrom().completionStage(batch.ack());
    }
}
