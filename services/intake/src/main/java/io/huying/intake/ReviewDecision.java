package io.huying.intake;

import java.util.UUID;

/**
 * 立项审核 — a street dispatcher's decision on a call waiting for review: ACCEPT (dispatch proceeds),
 * REJECT with a reason code and text, or MERGE into another open case.
 */
public record ReviewDecision(String decision, String reasonCode, String reason, UUID mergeInto) {
}
