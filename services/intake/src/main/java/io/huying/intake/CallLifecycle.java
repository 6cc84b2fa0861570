package io.huying.intake;

/** Where a call stands in the whole chain, as the raiser follows it (derived from its timeline). */
public enum CallLifecycle {
    ACCEPTED("已立项"),
    PENDING_REVIEW("待立项审核"),
    MERGED("已合并"),
    REJECTED("不予立项"),
    /** 兜底: no routing rule, the dispatchers' manual queue. */
    QUEUED("待人工派遣"),
    DISPATCHED("已派遣"),
    ACKNOWLEDGED("已签收"),
    IN_PROGRESS("处置中"),
    /** Awaiting verification. */
    COMPLETED("已办结，待核查"),
    /** Awaiting re-dispatch. */
    RETURNED("已退回，待重新派遣"),
    VERIFYING("待核查"),
    REOPENED("返工"),
    CLOSED("已结案");

    private final String words;

    CallLifecycle(String words) {
        this.words = words;
    }

    /** Where the call stands, in the words a raiser reads (已立项, 已派遣, …). */
    public String words() {
        return words;
    }
}
