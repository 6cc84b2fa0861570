package io.huying.response.repository;

import io.huying.contracts.Urgency;
import io.huying.contracts.reference.OrgPath;
import io.huying.response.InboxTask;
import io.huying.response.TaskStatus;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class InboxTaskRepository implements PanacheRepositoryBase<InboxTask, UUID> {

    /**
     * Filters of the inbox; null means "any". {@code sla} is the state of the task's active deadline;
     * {@code assignee} a member's username (the "mine" view: 分派到人).
     */
    public record Filter(TaskStatus status, Urgency urgency, String categoryCode, SlaState sla, String assignee) {
        public Filter(TaskStatus status, Urgency urgency, String categoryCode) {
            this(status, urgency, categoryCode, null, null);
        }
    }

    /** Where a task's active deadline stands, as the SLA engine says. */
    public enum SlaState {
        ON_TRACK, AT_RISK, BREACHED
    }

    /**
     * Tasks of {@code scope}'s unit and the units below it: the nearest open deadline first (those
     * without one last), then the most urgent, then the first received (index inbox_task_by_deadline).
     */
    public PanacheQuery<InboxTask> inbox(OrgPath scope, Filter filter) {
        StringBuilder q = new StringBuilder("(unitPath = :unit or unitPath like :below)");
        Parameters p = Parameters.with("unit", scope.value()).and("below", scope.descendantsLikePattern());
        if (filter.status() != null) {
            q.append(" and status = :status");
            p.and("status", filter.status());
        }
        if (filter.urgency() != null) {
            q.append(" and urgency = :urgency");
            p.and("urgency", filter.urgency());
        }
        if (filter.categoryCode() != null) {
            q.append(" and categoryCode = :category");
            p.and("category", filter.categoryCode());
        }
        if (filter.sla() != null) {
            q.append(" and deadlineState = :sla");
            p.and("sla", filter.sla().name());
        }
        if (filter.assignee() != null) {
            q.append(" and assigneeUsername = :assignee");
            p.and("assignee", filter.assignee());
        }
        // Ascending puts the tasks without an open deadline (nulls) last in PostgreSQL, as the index does.
        return find(q.toString(), Sort.ascending("deadlineAt").and("urgencyRank").and("receivedAt"), p);
    }
}
