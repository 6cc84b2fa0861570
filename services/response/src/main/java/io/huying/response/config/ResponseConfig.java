package io.huying.response.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Response settings ({@code huying.response.*}). */
@ConfigMapping(prefix = "huying.response")
public interface ResponseConfig {
    /** 退回 is allowed this long after dispatch. */
    Duration returnWindow();
}
