package io.huying.intake;

/** Where a call stands in the whole chain, as the raiser follows it (derived from its timeline). */
public enum CallLifecycle {
    /** 已立项 */
    ACCEPTED,
    /** 待立项审核 */
    PENDING_REVIEW,
    /** 已合并 */
    MERGED,
    /** 不予立项 */
    REJECTED,
    /** 待人工派遣 (兜底) */
    QUEUED,
    /** 已派遣 */
    DISPATCHED,
    /** 已签收 */
    ACKNOWLEDGED,
    /** 处置中 */
    IN_PROGRESS,
    /** 已办结, awaiting verification */
    COMPLETED,
    /** 已退回, awaiting re-dispatch */
    RETURNED,
    /** 待核查 */
    VERIFYING,
    /** 返工 */
    REOPENED,
    /** 已结案 */
    CLOSED
}
