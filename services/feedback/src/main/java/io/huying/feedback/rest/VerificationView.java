package io.huying.feedback.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.huying.feedback.Satisfaction;
import io.huying.feedback.Verification;
import java.time.Instant;
import java.util.UUID;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerificationView(UUID callId, String number, String raisingUnit, String handlerUnit, int round, String result,
        Verification.Status status, Instant openedAt, Instant dueAt, Satisfaction satisfaction, String comment, boolean autoClosed,
        String decidedBy, Instant decidedAt) {

    public static VerificationView of(Verification v) {
        return new VerificationView(v.callId, v.number, v.raisingUnit, v.handlerUnit, v.round, v.result, v.status, v.openedAt,
                v.dueAt, v.satisfaction, v.comment, v.autoClosed, v.decidedBy, v.decidedAt);
    }
}
