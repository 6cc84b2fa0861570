package io.huying.contracts.events;

import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.CategoryGroup;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code huying.intake.catalogue-changed.v1}: 派单目录变更 — an administrator put revision {@code revision}
 * ({@code version}) of the category catalogue in force. The whole catalogue is carried, so every service takes
 * it without a restart; on the compacted topic huying.reference the latest stays for a service that starts later.
 */
public record CatalogueChanged(
        int revision,
        String version,
        List<CategoryGroup> groups,
        List<Category> categories,
        String note,
        Actor changedBy,
        Instant changedAt) {

    /** The CloudEvent subject and Kafka key of every change: the catalogue, not a call (compaction keeps the latest). */
    public static final UUID SUBJECT = UUID.fromString("00000000-0000-4000-8000-0000000ca7a1");
}
