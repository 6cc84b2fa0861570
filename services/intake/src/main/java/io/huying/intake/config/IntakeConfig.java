package io.huying.intake.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

/** Intake settings ({@code huying.intake.*}). */
@ConfigMapping(prefix = "huying.intake")
public interface IntakeConfig {
    /** How far back an open call may absorb a new duplicate (重复件合并). Zero turns merging off. */
    Duration mergeWindow();

    /** The zone whose calendar day numbers calls. */
    ZoneId zone();

    /** How often an instance looks for a catalogue version another intake instance put in force. */
    @WithDefault("30s")
    Duration catalogueCheckEvery();

    /** How often an instance looks for an org tree version another intake instance put in force. */
    @WithDefault("30s")
    Duration orgTreeCheckEvery();
}
