package io.huying.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;

/** 来源渠道 — where the call came from. Accepts the English code or the Chinese term. */
public enum Channel {
    /** 网格巡查 — found by a grid worker on patrol. */
    GRID_INSPECTION("网格巡查"),
    /** 来访 — a resident came to the office. */
    WALK_IN("来访"),
    /** 来电 */
    PHONE("来电"),
    /** 12345 热线转办 */
    HOTLINE_12345("12345热线"),
    /** 网站 */
    WEB("网站"),
    /** 移动端 */
    MOBILE_APP("移动端"),
    /** 微信 */
    WECHAT("微信"),
    /** 巡防 — found by a patrol volunteer (党员巡逻, 平安马甲) of a community. */
    PATROL("巡防");

    private final String chinese;

    Channel(String chinese) {
        this.chinese = chinese;
    }

    public String chinese() {
        return chinese;
    }

    @JsonCreator
    public static Channel parse(String value) {
        return Vocabulary.parse(Channel.class, value, Channel::chinese);
    }
}
