package io.huying.dispatch.mapping;

import io.huying.contracts.reference.OrgUnit;
import io.huying.dispatch.DispatchCase;
import io.huying.dispatch.ExtensionRequest;
import io.huying.dispatch.Task;
import io.huying.dispatch.rest.CaseView;
import io.huying.dispatch.rest.ExtensionView;
import io.huying.dispatch.rest.UnitView;
import io.huying.platform.reference.Organisation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Entity → view, with the units' names from the org tree. */
@ApplicationScoped
public class DispatchViews {
    private final Organisation organisation;

    public DispatchViews(Organisation organisation) {
        this.organisation = organisation;
    }

    /** A call's dispatch with {@code tasks}, its tasks (none for the queue). */
    public CaseView view(DispatchCase c, List<Task> tasks) {
        return new CaseView(c.callId, c.number, c.state, c.raisingUnit, c.queueUnit, c.queueReason, c.returns, c.categoryCode,
                c.urgency, c.title, c.acceptedAt, tasks.stream().map(t -> new CaseView.TaskView(t.id, t.role, t.unitPath,
                        organisation.current().unit(t.unitPath).map(OrgUnit::name).orElse(null), t.status.name(), t.reason, t.round,
                        t.replacesTaskId, t.dispatchedAt, t.endedAt, t.ruleId, t.dispatcher, t.suspendedAt, t.suspensionReason)).toList());
    }

    public ExtensionView extension(ExtensionRequest x) {
        return new ExtensionView(x.id, x.taskId, x.callId, x.unitPath, x.dispatchUnit, x.requestedDeadline, x.reason, x.requestedBy,
                x.requestedAt, x.state, x.grantedDeadline, x.comment, x.decidedBy, x.decidedAt);
    }

    public UnitView unit(OrgUnit u) {
        return new UnitView(u.path(), u.name(), u.level().name());
    }
}
