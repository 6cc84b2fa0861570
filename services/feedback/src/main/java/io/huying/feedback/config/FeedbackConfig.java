package io.huying.feedback.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Feedback settings ({@code huying.feedback.*}). */
@ConfigMapping(prefix = "huying.feedback")
public interface FeedbackConfig {
    /** How long the raising unit has to verify before the call closes by itself. */
    Duration verifyWindow();

    /** How often overdue verifications are looked for (read by the scheduler as an expression). */
    Duration autoCloseEvery();
}
