package io.huying.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import java.util.Map;

/**
 * Which trace a call's new events continue (DESIGN §observability: one call is one trace). An event
 * appended to the outbox carries, as its {@code traceparent}, the trace context of the work that wrote
 * it: where one piece of work handles events of many calls — a consumer's batch — it names each call's
 * context on its Vert.x context ({@link #forCalls}); otherwise the outbox takes the trace the service
 * first met the call in (its {@code huying_call_trace} row), else the current span's (the request's).
 */
public final class CallTraces {
    private static final String BY_CALL = "huying.traces-by-call";
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private CallTraces() {
    }

    /** The W3C traceparent of the current span, or null when there is none. */
    public static String current() {
        return format(Span.current().getSpanContext());
    }

    /** {@code context} as a W3C traceparent ({@code 00-<trace id>-<span id>-<flags>}), or null when it is not valid. */
    public static String format(SpanContext context) {
        if (context == null || !context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** The span context a W3C traceparent names (remote); invalid when {@code traceparent} is null or malformed. */
    public static SpanContext parse(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return SpanContext.getInvalid();
        }
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", traceparent.trim()), GETTER);
        return Span.fromContext(extracted).getSpanContext();
    }

    /**
     * On the current Vert.x (duplicated) context, for the work running there: the traceparent each call's
     * new events continue, by call id. Replaces what was there; null or empty removes it.
     */
    public static void forCalls(Map<String, String> traceparentByCall) {
        if (!VertxContext.isOnDuplicatedContext()) {
            return;
        }
        if (traceparentByCall == null || traceparentByCall.isEmpty()) {
            ContextLocals.remove(BY_CALL);
        } else {
            ContextLocals.put(BY_CALL, Map.copyOf(traceparentByCall));
        }
    }

    /** The traceparent the work in progress names for {@code callId} ({@link #forCalls}), or null. */
    public static String named(String callId) {
        if (callId != null && VertxContext.isOnDuplicatedContext()) {
            Map<String, String> byCall = ContextLocals.<Map<String, String>>get(BY_CALL).orElse(null);
            if (byCall != null) {
                return byCall.get(callId);
            }
        }
        return null;
    }

    /** The trace the work in progress continues for {@code callId}: the one it names ({@link #named}), else the current span's, else null. */
    public static String forCall(String callId) {
        String named = named(callId);
        return named != null ? named : current();
    }
}
