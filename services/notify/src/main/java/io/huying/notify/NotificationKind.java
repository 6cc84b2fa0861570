package io.huying.notify;

/** What a notification reports. */
public enum NotificationKind {
    /** 新任务 — a task was dispatched to the unit. */
    TASK_NEW,
    /** A task of the unit changed outside its hands: 撤回, 延期审批, 挂起, 恢复办理. */
    TASK_CHANGED,
    /** 预警 — a share of a task's time limit is used up. */
    WARNING,
    /** 超时 — a task's deadline passed. */
    BREACH,
    /** 催办 — the handling unit is urged. */
    URGE,
    /** 督办 — the unit's head and the dispatchers' unit supervise. */
    SUPERVISE,
    /** 通报 — reported one level up. */
    NOTICE;

    /** Kinds sent on outbound channels at once whatever the task's urgency; the others wait for working hours unless the task is 紧急 or 特急. */
    public boolean alwaysUrgent() {
        return this == BREACH || this == SUPERVISE || this == NOTICE;
    }
}
