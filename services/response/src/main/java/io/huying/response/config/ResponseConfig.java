package io.huying.response.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Response settings ({@code huying.response.*}). */
@ConfigMapping(prefix = "huying.response")
public interface ResponseConfig {
    /** 退回 is allowed this long after dispatch. */
    Duration returnWindow();

    /** 延期申请: the latest deadline a unit may ask for, counted from the request. */
    @WithDefault("90D")
    Duration extensionMaxAhead();
}
