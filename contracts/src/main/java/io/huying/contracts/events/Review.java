package io.huying.contracts.events;

/**
 * 立项审核 — a street dispatcher's decision on a call: who decided, what (ACCEPT, REJECT, MERGE, or
 * UNMERGE of a wrongly merged call), and the note given. Absent on an outcome intake decided alone.
 */
public record Review(Actor reviewer, String decision, String note) {
    public static final String ACCEPT = "ACCEPT";
    public static final String REJECT = "REJECT";
    public static final String MERGE = "MERGE";
    public static final String UNMERGE = "UNMERGE";
}
