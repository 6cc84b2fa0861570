package io.huying.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void idsAreVersionSevenAndCarryTheirMillisecond() {
        long millis = 1_795_000_000_123L;
        UUID id = Ids.at(millis);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }

    @Test
    void laterIdsSortAfterEarlierOnesAsTextAndInPostgresOrder() {
        UUID earlier = Ids.at(1_795_000_000_123L);
        UUID later = Ids.at(1_795_000_000_124L);
        // PostgreSQL compares uuids as unsigned bytes, the same order as their text.
        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.at(1_795_000_000_123L));
        }
        assertThat(ids).hasSize(10_000);
    }
}
