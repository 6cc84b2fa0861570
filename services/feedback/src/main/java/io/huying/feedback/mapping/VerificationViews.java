package io.huying.feedback.mapping;

import io.huying.platform.db.JsonColumns;
import io.huying.feedback.Verification;
import io.huying.feedback.rest.VerificationView;
import jakarta.enterprise.context.ApplicationScoped;

/** Entity → view. */
@ApplicationScoped
public class VerificationViews {
    private final JsonColumns json;

    public VerificationViews(JsonColumns json) {
        this.json = json;
    }

    public VerificationView view(Verification v) {
        return new VerificationView(v.callId, v.number, v.raisingUnit, v.handlerUnit, v.round, v.result, v.completedBy, v.completedAt,
                json.urls(v.evidence), json.files(v.files), v.status, v.openedAt, v.dueAt, v.satisfaction, v.comment, v.autoClosed,
                v.decidedBy, v.decidedAt);
    }
}
