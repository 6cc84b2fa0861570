package io.huying.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;

/** 紧急程度 — urgency of a call. Accepts the English code or the Chinese term. */
public enum Urgency {
    /** 一般 */
    ROUTINE("一般"),
    /** 紧急 */
    URGENT("紧急"),
    /** 特急 */
    CRITICAL("特急");

    private final String chinese;

    Urgency(String chinese) {
        this.chinese = chinese;
    }

    public String chinese() {
        return chinese;
    }

    @JsonCreator
    public static Urgency parse(String value) {
        return Vocabulary.parse(Urgency.class, value, Urgency::chinese);
    }
}
