package io.huying.contracts;

/** CloudEvent types, named {@code huying.<aggregate>.<fact>.v<N>}; each has a JSON Schema in contracts/schemas. */
public final class EventTypes {
    /** 立项 — the call was accepted as a case. */
    public static final String CALL_ACCEPTED = "huying.call.accepted.v1";
    /** 合并 — the call duplicated an open call and joined it. */
    public static final String CALL_MERGED = "huying.call.merged.v1";
    /** 不予立项 — the call was not accepted. */
    public static final String CALL_REJECTED = "huying.call.rejected.v1";

    private EventTypes() {
    }
}
