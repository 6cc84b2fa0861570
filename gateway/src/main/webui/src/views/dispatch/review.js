// 立项审核 — what the review screens share: the reasons for 不予立项, which calls a merge may join, the text limit.

/** 不属受理范围 / 重复 / 信息不全 / 即时办结 (reasonCode of a REJECT decision). */
export const REJECT_REASONS = ['NOT_IN_SCOPE', 'DUPLICATE', 'INCOMPLETE', 'HANDLED_ON_SPOT']

/**
 * Statuses of an open case (立项, not yet closed): a call under review may be merged into one of them.
 * MERGED, REJECTED, PENDING_REVIEW and CLOSED calls are no merge targets.
 */
export const OPEN_CASE_STATUSES = ['ACCEPTED', 'QUEUED', 'DISPATCHED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'COMPLETED', 'RETURNED', 'VERIFYING', 'REOPENED']

/** The API's bound on a decision's reason. */
export const REASON_MAX = 500

/** How often the lists reload on their own while visible and no dialog is open. */
export const REFRESH_MS = 20000
