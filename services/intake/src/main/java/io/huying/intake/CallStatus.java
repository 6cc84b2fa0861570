package io.huying.intake;

/** Where a call stands in intake. Later stages (dispatch, handling, closure) are projected from other services. */
public enum CallStatus {
    /** 已立项 — accepted as a case, open. */
    ACCEPTED,
    /** 待立项审核 — its category needs the street's review before it becomes a case. */
    PENDING_REVIEW,
    /** 已合并 — joined an open duplicate. */
    MERGED,
    /** 不予立项 — not accepted. */
    REJECTED
}
