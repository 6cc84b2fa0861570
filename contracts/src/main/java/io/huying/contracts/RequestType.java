package io.huying.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;

/** 诉求类型 — the kind of request. Accepts the English code or the Chinese term. */
public enum RequestType {
    /** 咨询 */
    CONSULTATION("咨询"),
    /** 求助 */
    HELP("求助"),
    /** 投诉 */
    COMPLAINT("投诉"),
    /** 建议 */
    SUGGESTION("建议"),
    /** 举报 */
    REPORT("举报");

    private final String chinese;

    RequestType(String chinese) {
        this.chinese = chinese;
    }

    public String chinese() {
        return chinese;
    }

    @JsonCreator
    public static RequestType parse(String value) {
        return Vocabulary.parse(RequestType.class, value, RequestType::chinese);
    }
}
