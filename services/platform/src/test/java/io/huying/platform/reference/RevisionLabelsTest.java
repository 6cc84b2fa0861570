package io.huying.platform.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevisionLabelsTest {
    @Test
    void aRevisionIsLabelledAfterTheShippedVersion() {
        assertThat(RevisionLabels.of("2026.2", 2)).isEqualTo("2026.2-r2");
        assertThat(RevisionLabels.of("2026.2-r2", 3)).isEqualTo("2026.2-r3");
        assertThat(RevisionLabels.of("2026-rc", 2)).isEqualTo("2026-rc-r2");
    }
}
