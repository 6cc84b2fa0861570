package io.huying.platform.time;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A shifted clock only in a demo run: a production start with the offset file set is refused, naming the fix. */
class ServiceClockTest {
    private static final Optional<Path> OFFSET_FILE = Optional.of(Path.of("/tmp/huying-clock"));

    @Test
    void aProductionStartWithTheOffsetFileSetIsRefused() {
        assertThatThrownBy(() -> ServiceClock.requireDemoRun(OFFSET_FILE, List.of("prod")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HUYING_CLOCK_FILE")
                .hasMessageContaining("demo runs only")
                .hasMessageContaining("QUARKUS_PROFILE=prod,local");
    }

    @Test
    void theLocalLauncherTheTestsAndDevModeMayShiftTheClock() {
        for (List<String> profiles : List.of(List.of("prod", "local"), List.of("test"), List.of("dev"))) {
            assertThatCode(() -> ServiceClock.requireDemoRun(OFFSET_FILE, profiles)).as("%s", profiles).doesNotThrowAnyException();
        }
    }

    @Test
    void withoutTheOffsetFileAnyProfileRuns() {
        assertThatCode(() -> ServiceClock.requireDemoRun(Optional.empty(), List.of("prod"))).doesNotThrowAnyException();
    }
}
