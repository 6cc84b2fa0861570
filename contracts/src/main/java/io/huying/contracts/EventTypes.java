package io.huying.contracts;

/** CloudEvent types, named {@code huying.<aggregate>.<fact>.v<N>}; each has a JSON Schema in contracts/schemas. */
public final class EventTypes {
    /** 立项 — the call was accepted as a case. */
    public static final String CALL_ACCEPTED = "huying.call.accepted.v1";
    /** 待立项审核 — the call waits in its street dispatcher's review list before it becomes a case. */
    public static final String CALL_AWAITING_REVIEW = "huying.call.awaiting-review.v1";
    /** 合并 — the call duplicated an open call and joined it. */
    public static final String CALL_MERGED = "huying.call.merged.v1";
    /** 不予立项 — the call was not accepted. */
    public static final String CALL_REJECTED = "huying.call.rejected.v1";

    /** 派遣 — a task was dispatched to a responding unit. */
    public static final String TASK_DISPATCHED = "huying.task.dispatched.v1";
    /** 兜底 — no rule routes the call; it waits for a dispatcher. */
    public static final String DISPATCH_QUEUED = "huying.dispatch.queued.v1";
    /** 派单规则变更 — an administrator put a new version of the routing rules in force; not about a call. */
    public static final String DISPATCH_ROUTING_RULES_CHANGED = "huying.dispatch.routing-rules-changed.v1";
    /** 撤回 — a dispatcher took a task away from its unit (改派, 终审). */
    public static final String TASK_WITHDRAWN = "huying.task.withdrawn.v1";
    /** 挂起 — a dispatcher approved suspending a task; its resolve clock pauses. */
    public static final String TASK_SUSPENDED = "huying.task.suspended.v1";
    /** 恢复办理 — a suspension ended. */
    public static final String TASK_RESUMED = "huying.task.resumed.v1";
    /** 延期审批 — a dispatcher approved or refused an extension request. */
    public static final String TASK_EXTENSION_DECIDED = "huying.task.extension-decided.v1";

    /** 签收 — the unit signed for its task. */
    public static final String TASK_ACKNOWLEDGED = "huying.task.acknowledged.v1";
    /** 进展 — a progress note, or a note that the caller was contacted. */
    public static final String TASK_PROGRESSED = "huying.task.progressed.v1";
    /** 办结 — the unit reports the task handled. */
    public static final String TASK_COMPLETED = "huying.task.completed.v1";
    /** 退回 — the unit returns a misrouted task. */
    public static final String TASK_RETURNED = "huying.task.returned.v1";
    /** 延期申请 — the unit asks for a later deadline. */
    public static final String TASK_EXTENSION_REQUESTED = "huying.task.extension-requested.v1";
    /** 分派到人 — the unit gave its task to one of its members to handle. */
    public static final String TASK_ASSIGNED = "huying.task.assigned.v1";

    /** 核查/回访 — the raising unit must verify the result. */
    public static final String VERIFICATION_OPENED = "huying.verification.opened.v1";
    /** 结案 — the call is closed (verified resolved, or auto-closed). */
    public static final String VERIFICATION_CLOSED = "huying.verification.closed.v1";
    /** 返工 — the result was not accepted; the call goes back to the handler. */
    public static final String VERIFICATION_REOPENED = "huying.verification.reopened.v1";

    /** 时限开始 — an SLA clock started, with its deadline (services/sla). */
    public static final String SLA_CLOCK_STARTED = "huying.sla.clock-started.v1";
    /** 预警 — a share of a clock's time is used up. */
    public static final String SLA_WARNING = "huying.sla.warning.v1";
    /** 超时 — a deadline passed with the clock running. */
    public static final String SLA_BREACHED = "huying.sla.breached.v1";
    /** 催办 / 督办 / 通报 — a step of the escalation ladder. */
    public static final String SLA_ESCALATED = "huying.sla.escalated.v1";
    /** 时限结束 — a clock stopped, met or breached. */
    public static final String SLA_CLOCK_STOPPED = "huying.sla.clock-stopped.v1";
    /** 时限变更 — a running clock's deadline moved (延期, end of 挂起, new policy or calendar). */
    public static final String SLA_DEADLINE_CHANGED = "huying.sla.deadline-changed.v1";
    /**
     * 临时工作日历 — ops' daily warning that deadlines run, or will soon run, on a provisional calendar:
     * a year whose holiday notice is not loaded. Not about a call: its subject and key are
     * {@link io.huying.contracts.events.SlaCalendarProvisional#SUBJECT}.
     */
    public static final String SLA_CALENDAR_PROVISIONAL = "huying.sla.calendar-provisional.v1";
    /**
     * 工作日历生效 — an administrator loaded a year's calendar (the State Council's holiday notice): every
     * service that waits for working hours uses it from now on. Keyed like the provisional warning,
     * {@link io.huying.contracts.events.SlaCalendarProvisional#SUBJECT}, so calendar events keep their order.
     */
    public static final String SLA_CALENDAR_ACTIVATED = "huying.sla.calendar-activated.v1";
    /**
     * 时限标准生效 — an administrator put a new version of the SLA policy in force (open clocks are recomputed on
     * it). Not about a call: its subject and key are {@link io.huying.contracts.events.SlaPolicyActivated#SUBJECT}.
     */
    public static final String SLA_POLICY_ACTIVATED = "huying.sla.policy-activated.v1";

    /**
     * 派单目录变更 — an administrator put a new version of the category catalogue in force (intake), on
     * {@link Topics#REFERENCE}; every service takes it without a restart. Not about a call: its subject and key
     * are {@link io.huying.contracts.events.CatalogueChanged#SUBJECT}.
     */
    public static final String CATALOGUE_CHANGED = "huying.intake.catalogue-changed.v1";

    /**
     * 组织架构变更 — an administrator put a new version of the org tree in force (intake): units and grids added or
     * renamed, on {@link Topics#REFERENCE}; every service takes it without a restart, and intake keeps the Keycloak
     * realm's groups in step. Not about a call: its subject and key are {@link io.huying.contracts.events.OrgTreeChanged#SUBJECT}.
     */
    public static final String ORG_TREE_CHANGED = "huying.intake.org-tree-changed.v1";

    private EventTypes() {
    }
}
