package io.huying.response;

import java.util.EnumSet;
import java.util.Set;

/** Where a task stands in its unit's inbox. */
public enum TaskStatus {
    /** 待签收 — dispatched, not yet signed for. */
    DISPATCHED,
    /** 已签收 */
    ACKNOWLEDGED,
    /** 处置中 */
    IN_PROGRESS,
    /** 已办结 */
    COMPLETED,
    /** 已退回 */
    RETURNED,
    /** 已撤回 — a dispatcher moved it to another unit (改派). */
    WITHDRAWN;

    /** Statuses in which the unit is working on the task (signed for, not finished). */
    public static final Set<TaskStatus> WORKING = EnumSet.of(ACKNOWLEDGED, IN_PROGRESS);
    /** Statuses from which a task may still be returned. */
    public static final Set<TaskStatus> RETURNABLE = EnumSet.of(DISPATCHED, ACKNOWLEDGED);
}
