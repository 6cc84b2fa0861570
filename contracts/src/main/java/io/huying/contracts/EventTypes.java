package io.huying.contracts;

/** CloudEvent types, named {@code huying.<aggregate>.<fact>.v<N>}; each has a JSON Schema in contracts/schemas. */
public final class EventTypes {
    /** 立项 — the call was accepted as a case. */
    public static final String CALL_ACCEPTED = "huying.call.accepted.v1";
    /** 合并 — the call duplicated an open call and joined it. */
    public static final String CALL_MERGED = "huying.call.merged.v1";
    /** 不予立项 — the call was not accepted. */
    public static final String CALL_REJECTED = "huying.call.rejected.v1";

    /** 派遣 — a task was dispatched to a responding unit. */
    public static final String TASK_DISPATCHED = "huying.task.dispatched.v1";
    /** 兜底 — no rule routes the call; it waits for a dispatcher. */
    public static final String DISPATCH_QUEUED = "huying.dispatch.queued.v1";

    private EventTypes() {
    }
}
