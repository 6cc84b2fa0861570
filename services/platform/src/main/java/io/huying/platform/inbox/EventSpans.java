package io.huying.platform.inbox;

import io.huying.contracts.CloudEvent;
import io.huying.contracts.kafka.EventRecords;
import io.huying.platform.tracing.CallTraces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;

/**
 * The spans of one consumed batch: a CONSUMER span per event, child of the trace the event carries
 * (its {@code traceparent} attribute, else the record's header; a new trace when it has neither).
 * While the batch is applied, each call's new events continue its event's span ({@link CallTraces#forCalls}),
 * and so do the log lines about the call (ConsumedEvents puts its trace in the MDC).
 */
final class EventSpans {
    private final Map<KafkaRecord<String, String>, Span> byRecord = new IdentityHashMap<>();
    private final Map<String, String> byCall = new HashMap<>();

    private EventSpans() {
    }

    /** Starts a span for each event of {@code received}, read by {@code consumer}. */
    static EventSpans start(Tracer tracer, String consumer, List<ConsumedEvents.Received> received) {
        EventSpans spans = new EventSpans();
        for (ConsumedEvents.Received r : received) {
            KafkaRecord<String, String> record = r.record();
            CloudEvent event = r.event();
            SpanContext parent = CallTraces.parse(event.traceparent() != null ? event.traceparent() : header(record));
            Span span = tracer.spanBuilder(consumer + " process")
                    .setSpanKind(SpanKind.CONSUMER)
                    .setParent(parent.isValid() ? Context.root().with(Span.wrap(parent)) : Context.root())
                    .setAttribute("messaging.system", "kafka")
                    .setAttribute("messaging.operation.type", "process")
                    .setAttribute("messaging.destination.name", record.getTopic())
                    .setAttribute("messaging.destination.partition.id", String.valueOf(record.getPartition()))
                    .setAttribute("messaging.consumer.group.name", consumer)
                    .setAttribute("messaging.message.id", String.valueOf(event.id()))
                    .setAttribute("cloudevents.event_type", event.type())
                    .setAttribute("huying.call_id", String.valueOf(event.subject()))
                    .startSpan();
            spans.byRecord.put(record, span);
            if (event.subject() != null) {
                spans.byCall.put(event.subject(), CallTraces.format(span.getSpanContext()));
            }
        }
        return spans;
    }

    private static String header(KafkaRecord<String, String> record) {
        Header h = record.getHeaders().lastHeader(EventRecords.TRACEPARENT_HEADER);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** On the current Vert.x context: each call's new events continue its event's span. */
    void install() {
        if (!byCall.isEmpty()) {
            CallTraces.forCalls(byCall);
        }
    }

    /** The span of {@code record}'s event records why it was given up on (sent to the dead-letter topic). */
    void failed(KafkaRecord<String, String> record, Throwable cause) {
        Span span = byRecord.get(record);
        if (span != null) {
            span.recordException(cause);
            span.setStatus(StatusCode.ERROR, "sent to the dead-letter topic");
        }
    }

    /** Ends every span, forgets the calls' contexts and the log's trace. */
    void end() {
        byRecord.values().forEach(Span::end);
        if (!byCall.isEmpty()) {
            CallTraces.forCalls(null);
        }
    }
}
