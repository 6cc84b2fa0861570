package io.huying.dispatch.service;

import io.huying.contracts.events.TaskDispatched.DispatchedBy;
import io.huying.contracts.reference.OrgTree;
import io.huying.contracts.reference.UnitLevel;
import io.huying.dispatch.DispatchCase;
import io.huying.dispatch.Task;
import io.huying.dispatch.repository.DispatchCaseRepository;
import io.huying.platform.error.ProblemException;
import io.huying.platform.error.Violation;
import io.huying.platform.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** 人工派遣 — a dispatcher dispatches a call from the manual queue (兜底). */
@ApplicationScoped
public class ManualDispatch {
    private final DispatchCaseRepository cases;
    private final CallDispatch dispatch;
    private final OrgTree orgTree;

    public ManualDispatch(DispatchCaseRepository cases, CallDispatch dispatch, OrgTree orgTree) {
        this.cases = cases;
        this.dispatch = dispatch;
        this.orgTree = orgTree;
    }

    @WithTransaction
    public Uni<List<Task>> dispatch(Caller caller, UUID callId, String lead, List<String> assisting) {
        checkUnits(lead, assisting);
        return cases.findById(callId, LockModeType.PESSIMISTIC_WRITE).chain(c -> {
            if (c == null || c.queueUnit == null && !caller.sees(c.raisingUnit) || c.queueUnit != null && !caller.sees(c.queueUnit)) {
                throw ProblemException.notFound("queued call " + callId);
            }
            if (c.state != DispatchCase.State.QUEUED) {
                throw ProblemException.conflict("already-dispatched", "call " + c.number + " has been dispatched already");
            }
            if (lead.equals(c.raisingUnit) || assisting.contains(c.raisingUnit)) {
                throw ProblemException.unprocessable("raiser-cannot-handle", lead.equals(c.raisingUnit) ? "leadUnit" : "assistingUnits",
                        "采办分离: the unit that raised the call cannot handle it");
            }
            Instant now = Instant.now();
            c.state = DispatchCase.State.ROUTED;
            c.queueUnit = null;
            c.updatedAt = now;
            return dispatch.createTasks(c, lead, assisting, DispatchedBy.dispatcher(caller.actor()), now);
        });
    }

    /** Handlers are departments (委办局) or sections (科室) of the org tree, each named once. */
    private void checkUnits(String lead, List<String> assisting) {
        List<Violation> violations = new ArrayList<>();
        if (!isHandler(lead)) {
            violations.add(new Violation("leadUnit", "must be a department or section of the org tree"));
        }
        Set<String> seen = new HashSet<>();
        seen.add(lead);
        for (int i = 0; i < assisting.size(); i++) {
            String unit = assisting.get(i);
            if (!isHandler(unit)) {
                violations.add(new Violation("assistingUnits[" + i + "]", "must be a department or section of the org tree"));
            } else if (!seen.add(unit)) {
                violations.add(new Violation("assistingUnits[" + i + "]", "names a unit already given"));
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }

    private boolean isHandler(String path) {
        return path != null && orgTree.unit(path)
                .map(u -> u.level() == UnitLevel.DEPARTMENT || u.level() == UnitLevel.SECTION).orElse(false);
    }
}
