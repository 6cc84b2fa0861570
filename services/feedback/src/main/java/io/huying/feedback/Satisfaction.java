package io.huying.feedback;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;

/** 满意度 — the raiser's rating. Accepts the English code or the Chinese term. */
public enum Satisfaction {
    /** 满意 */
    SATISFIED("满意"),
    /** 基本满意 */
    BASICALLY_SATISFIED("基本满意"),
    /** 不满意 */
    DISSATISFIED("不满意");

    private final String chinese;

    Satisfaction(String chinese) {
        this.chinese = chinese;
    }

    @JsonCreator
    public static Satisfaction parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(v) || s.chinese.equals(v)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of SATISFIED/满意, BASICALLY_SATISFIED/基本满意, DISSATISFIED/不满意"));
    }
}
